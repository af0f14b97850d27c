-- 2,000 books and 1,000 readers; the recursive count works on both engines.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO books (id, title, author) SELECT i, 'Book ' || i, 'Author ' || (1 + i % 300) FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO users (id, name, library_card) SELECT i, 'Reader ' || i, 'CARD-' || (100000 + i) FROM n;
