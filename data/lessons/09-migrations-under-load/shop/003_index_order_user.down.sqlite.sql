-- dbpatterns: no-transaction
DROP INDEX orders_user_id;
