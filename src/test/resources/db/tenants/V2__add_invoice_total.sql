ALTER TABLE invoice ADD COLUMN total_cents bigint NOT NULL DEFAULT 0;
