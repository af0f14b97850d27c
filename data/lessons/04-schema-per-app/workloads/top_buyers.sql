-- Across schemas inside one database a join is allowed: name the schema.
-- @query shop
SELECT u.username, sum(o.quantity * p.price_cents) AS spent_cents
FROM orders o
JOIN products p ON p.id = o.product_id
JOIN {{schema:community}}.users u ON u.id = o.buyer_id
GROUP BY u.username
ORDER BY spent_cents DESC, u.username
LIMIT 10
