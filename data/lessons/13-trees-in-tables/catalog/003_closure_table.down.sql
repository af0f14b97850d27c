DROP TABLE category_paths;
