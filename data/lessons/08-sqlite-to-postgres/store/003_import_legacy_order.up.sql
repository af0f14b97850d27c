-- An order copied from an old spreadsheet: the quantity was typed as a
-- word and the date does not exist.  Tried only on SQLite, it looked fine.
INSERT INTO orders (id, user_id, quantity, placed_on) VALUES (100, 1, 'two', '2024-02-30');
