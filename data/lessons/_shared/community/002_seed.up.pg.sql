-- 5,000 users, 20,000 posts, 50,000 comments, made by the server itself.
INSERT INTO users (id, username, email, created_at)
SELECT i, 'user' || i, 'user' || i || '@example.org',
       timestamp '2025-01-01' + i * interval '7 minutes'
FROM generate_series(1, 5000) AS i;

INSERT INTO posts (id, user_id, title, body, created_at)
SELECT i, 1 + (i * 7919) % 5000, 'Post number ' || i,
       'Body of post ' || i || ', written for the lesson.',
       timestamp '2025-02-01' + i * interval '3 minutes'
FROM generate_series(1, 20000) AS i;

INSERT INTO comments (id, post_id, user_id, body, created_at)
SELECT i, 1 + (i * 4729) % 20000, 1 + (i * 31) % 5000, 'Reply ' || i,
       timestamp '2025-03-01' + i * interval '1 minute'
FROM generate_series(1, 50000) AS i;
