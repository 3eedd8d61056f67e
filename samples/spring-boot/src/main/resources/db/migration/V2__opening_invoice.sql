-- Every tenant starts with one invoice: the shop's own opening fee.
INSERT INTO invoices (customer, amount_cents) VALUES ('opening fee', 100);
