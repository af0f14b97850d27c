-- The same question, asking the community service once per buyer.
-- @query shop
SELECT o.buyer_id, sum(o.quantity * p.price_cents) AS spent_cents
FROM orders o
JOIN products p ON p.id = o.product_id
GROUP BY o.buyer_id
ORDER BY spent_cents DESC, o.buyer_id
LIMIT 10
-- @query community each
SELECT id, username FROM users WHERE id = :id
