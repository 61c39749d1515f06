-- Up Migration

-- Per-guild settings for the economy and welcomes. One row per guild, created on first change; a missing
-- row means "all defaults", so the defaults live here and nowhere else.
CREATE TABLE guild_settings (
  guild_id                     bigint PRIMARY KEY,
  currency_name                text    NOT NULL DEFAULT 'coins' CHECK (char_length(currency_name) BETWEEN 1 AND 32),
  currency_symbol              text    NOT NULL DEFAULT '🪙' CHECK (char_length(currency_symbol) BETWEEN 1 AND 16),
  starting_balance             bigint  NOT NULL DEFAULT 0 CHECK (starting_balance >= 0),
  daily_amount                 bigint  NOT NULL DEFAULT 100 CHECK (daily_amount >= 0),
  daily_cooldown_seconds       integer NOT NULL DEFAULT 86400 CHECK (daily_cooldown_seconds BETWEEN 60 AND 2592000),
  daily_streak_bonus           bigint  NOT NULL DEFAULT 0 CHECK (daily_streak_bonus >= 0),
  daily_streak_max_days        integer NOT NULL DEFAULT 7 CHECK (daily_streak_max_days BETWEEN 1 AND 365),
  max_balance                  bigint  NOT NULL DEFAULT 1000000000000 CHECK (max_balance > 0),
  welcome_enabled              boolean NOT NULL DEFAULT false,
  welcome_channel_id           bigint,
  welcome_template             text    NOT NULL DEFAULT 'Welcome {user}, to **{server}**! You are member #{memberCount}.'
                                       CHECK (char_length(welcome_template) BETWEEN 1 AND 2000),
  welcome_dm_enabled           boolean NOT NULL DEFAULT false,
  welcome_dm_template          text             CHECK (char_length(welcome_dm_template) BETWEEN 1 AND 2000),
  welcome_min_account_age_seconds integer NOT NULL DEFAULT 0 CHECK (welcome_min_account_age_seconds >= 0),
  welcome_autorole_ids         bigint[] NOT NULL DEFAULT '{}' CHECK (cardinality(welcome_autorole_ids) <= 10),
  updated_at                   timestamptz NOT NULL DEFAULT now(),
  CHECK (starting_balance <= max_balance)
);

-- One account per (guild, member). The CHECK is the last line of defence: application code refuses an
-- overdraft with a clear message first, but no bug can make a balance negative.
CREATE TABLE accounts (
  guild_id      bigint NOT NULL,
  user_id       bigint NOT NULL,
  balance       bigint NOT NULL CHECK (balance >= 0),
  daily_streak  integer NOT NULL DEFAULT 0 CHECK (daily_streak >= 0),
  last_daily_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, user_id)
);
-- Serves the leaderboard (top balances of one guild) and rank look-ups without sorting the guild.
CREATE INDEX accounts_leaderboard_idx ON accounts (guild_id, balance DESC, user_id);

-- One row per money-moving command, keyed by the Discord event that caused it (e.g. `ix-<interactionId>`).
-- Claimed first, inside the same transaction as the balance change: a duplicate delivery finds the row and
-- answers with the stored outcome instead of moving money again.
CREATE TABLE operations (
  idempotency_key text PRIMARY KEY CHECK (char_length(idempotency_key) BETWEEN 1 AND 100),
  guild_id        bigint NOT NULL,
  kind            text   NOT NULL CHECK (kind IN ('transfer', 'daily', 'grant', 'take', 'set', 'open')),
  actor_id        bigint,
  outcome         jsonb  NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operations_guild_created_idx ON operations (guild_id, created_at);

-- Append-only: every change of every balance, with who did it and why. For each guild,
-- sum(accounts.balance) = sum(ledger_entries.delta).
CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guild_id        bigint NOT NULL,
  user_id         bigint NOT NULL,
  delta           bigint NOT NULL,
  balance_after   bigint NOT NULL CHECK (balance_after >= 0),
  kind            text   NOT NULL CHECK (kind IN ('opening', 'transfer_out', 'transfer_in', 'daily', 'grant', 'take', 'set')),
  counterparty_id bigint,
  actor_id        bigint,
  reason          text   CHECK (char_length(reason) <= 200),
  idempotency_key text   NOT NULL REFERENCES operations (idempotency_key),
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (guild_id, user_id) REFERENCES accounts (guild_id, user_id),
  -- One entry of each kind per account per operation: a replayed operation cannot add a second one.
  UNIQUE (idempotency_key, guild_id, user_id, kind)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (guild_id, user_id, id DESC);

CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER ledger_entries_append_only
  BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- One row per (guild, member, join): the record that a welcome was (or is being) delivered for that join.
CREATE TABLE welcome_deliveries (
  guild_id    bigint NOT NULL,
  user_id     bigint NOT NULL,
  joined_at   timestamptz NOT NULL,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
  attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  message_id  bigint,
  detail      text CHECK (char_length(detail) <= 500),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, user_id, joined_at)
);
CREATE INDEX welcome_deliveries_recent_idx ON welcome_deliveries (guild_id, user_id, created_at DESC);

-- Down Migration
DROP TABLE welcome_deliveries;
DROP TRIGGER ledger_entries_append_only ON ledger_entries;
DROP TABLE ledger_entries;
DROP FUNCTION ledger_entries_append_only();
DROP TABLE operations;
DROP TABLE accounts;
DROP TABLE guild_settings;
