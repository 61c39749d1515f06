-- Up Migration

-- The guild's maximum balance, enforced by the database as the last line of defence (the application refuses
-- first, with a clear message). A CHECK cannot read another table, hence a trigger. Only increases are
-- checked: when an admin lowers the maximum, members above it keep what they have and can still spend it.
-- A guild without a settings row has no cap here; the economy materialises the row before moving money.
CREATE FUNCTION accounts_balance_within_max() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap bigint;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.balance <= OLD.balance THEN
    RETURN NEW;
  END IF;
  SELECT max_balance INTO cap FROM guild_settings WHERE guild_id = NEW.guild_id;
  IF cap IS NOT NULL AND NEW.balance > cap THEN
    RAISE EXCEPTION 'balance % of user % in guild % would exceed the guild''s maximum %',
      NEW.balance, NEW.user_id, NEW.guild_id, cap
      USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_balance_within_max';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER accounts_balance_within_max
  BEFORE INSERT OR UPDATE OF balance ON accounts
  FOR EACH ROW EXECUTE FUNCTION accounts_balance_within_max();

-- Settings changes are operations too: claimed by interaction id (a retried /economy settings answers the
-- same) and kept with their actor and before/after values as an audit trail.
ALTER TABLE operations DROP CONSTRAINT operations_kind_check;
ALTER TABLE operations ADD CONSTRAINT operations_kind_check
  CHECK (kind IN ('transfer', 'daily', 'grant', 'take', 'set', 'open', 'settings'));

-- Down Migration
DELETE FROM operations WHERE kind = 'settings';
ALTER TABLE operations DROP CONSTRAINT operations_kind_check;
ALTER TABLE operations ADD CONSTRAINT operations_kind_check
  CHECK (kind IN ('transfer', 'daily', 'grant', 'take', 'set', 'open'));
DROP TRIGGER accounts_balance_within_max ON accounts;
DROP FUNCTION accounts_balance_within_max();
