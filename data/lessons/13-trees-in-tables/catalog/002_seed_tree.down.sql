DELETE FROM categories;
