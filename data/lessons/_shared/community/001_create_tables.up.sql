-- The community application: people, what they post, and the replies.
CREATE TABLE users (
    id         integer PRIMARY KEY,
    username   text NOT NULL UNIQUE,
    email      text NOT NULL,
    created_at timestamp NOT NULL
);
CREATE TABLE posts (
    id         integer PRIMARY KEY,
    user_id    integer NOT NULL REFERENCES users (id),
    title      text NOT NULL,
    body       text NOT NULL,
    created_at timestamp NOT NULL
);
CREATE TABLE comments (
    id         integer PRIMARY KEY,
    post_id    integer NOT NULL REFERENCES posts (id),
    user_id    integer NOT NULL REFERENCES users (id),
    body       text NOT NULL,
    created_at timestamp NOT NULL
);
