DROP INDEX comments_post_id_idx;
DROP INDEX posts_user_id_idx;
