-- Reaching from the shop's database into the community's: the engine says no.
-- {{db:community}} is how the engine would name the other database.
-- @query shop
SELECT u.username, sum(o.quantity * p.price_cents) AS spent_cents
FROM orders o
JOIN products p ON p.id = o.product_id
JOIN {{db:community}}.users u ON u.id = o.buyer_id
GROUP BY u.username
ORDER BY spent_cents DESC
LIMIT 10
