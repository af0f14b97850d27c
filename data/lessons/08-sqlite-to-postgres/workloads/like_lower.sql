-- Ada is stored with a capital A; the pattern is in lower case.
-- @query store
SELECT name FROM users WHERE name LIKE 'ada%'
