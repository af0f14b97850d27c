-- The shop knows who spent most; only the community knows their names.
-- Two queries, two connections, and the join happens in the client.
-- @query shop
SELECT o.buyer_id, sum(o.quantity * p.price_cents) AS spent_cents
FROM orders o
JOIN products p ON p.id = o.product_id
GROUP BY o.buyer_id
ORDER BY spent_cents DESC, o.buyer_id
LIMIT 10
-- @query community in
SELECT id, username FROM users WHERE id IN (:ids)
