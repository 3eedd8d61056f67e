CREATE TABLE IF NOT EXISTS greetings (tenant text NOT NULL, text text NOT NULL);
