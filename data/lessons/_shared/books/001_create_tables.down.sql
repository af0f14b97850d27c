DROP TABLE users;
DROP TABLE books;
