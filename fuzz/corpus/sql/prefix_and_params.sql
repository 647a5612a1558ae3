SELECT * FROM hosts WHERE id = %d;
UPDATE items SET v = $1