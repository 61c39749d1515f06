-- Up Migration

-- How many times each greeting was handed to Discord: one per batch claim, so a batch sent again after its
-- sender died, or put back after a 429, shows it. `/welcome status` and the bench read it.
ALTER TABLE greeting_deliveries
  ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);

-- Down Migration
ALTER TABLE greeting_deliveries DROP COLUMN attempts;
