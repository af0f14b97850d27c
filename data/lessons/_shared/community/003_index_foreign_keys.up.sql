-- Foreign keys are not indexed for you: these make the joins cheap.
CREATE INDEX posts_user_id_idx ON posts (user_id);
CREATE INDEX comments_post_id_idx ON comments (post_id);
