-- The table was created as users; this asks for "Users".
-- @query store
SELECT count(*) AS users FROM "Users"
