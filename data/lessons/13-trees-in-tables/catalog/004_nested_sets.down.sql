DROP TABLE nested_categories;
