-- The shop asks for users without naming a schema: which users does it get?
-- @query shop
SELECT id FROM users
