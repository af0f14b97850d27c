-- @query books
SELECT 'community' AS app, count(*) AS users FROM {{schema:community}}.users
UNION ALL
SELECT 'books', count(*) FROM {{schema:books}}.users
