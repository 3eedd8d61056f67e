INSERT INTO greetings SELECT name, 'hello ' || name FROM tenant_info WHERE NOT EXISTS (SELECT 1 FROM greetings);
