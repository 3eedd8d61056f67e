-- Every clinic starts with its founder; tests add tenant-specific vets.
INSERT INTO vets (first_name, last_name) SELECT 'James', 'Carter' WHERE NOT EXISTS (SELECT 1 FROM vets);
