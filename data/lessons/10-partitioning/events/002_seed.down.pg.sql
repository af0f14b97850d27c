DELETE FROM tickets;
DELETE FROM events;
