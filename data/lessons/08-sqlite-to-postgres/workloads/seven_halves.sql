-- Two whole numbers divided: is the answer 3?
-- @query store
SELECT 7 / 2 AS quotient WHERE 7 / 2 = 3
