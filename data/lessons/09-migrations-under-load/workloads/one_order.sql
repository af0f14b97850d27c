-- One order by its key: the point lookup an application makes all day.
-- @query shop
SELECT id, user_id, total FROM orders WHERE id = 4242
