-- Every event of March, asked by date: a range the partition bounds match.
-- @query events
SELECT count(*) AS march FROM events WHERE happened_on >= '2024-03-01' AND happened_on < '2024-04-01'
