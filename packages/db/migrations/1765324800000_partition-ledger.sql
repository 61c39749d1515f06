-- Up Migration

-- ledger_entries becomes a table partitioned by HASH (guild_id) into 16 partitions, ledger_entries_p00 … _p15.
--
-- Why the guild and not time. The ledger is the one table that grows without bound, and every question asked
-- of it names a guild: a member's history (guild, user, newest first), an account's version (its latest entry),
-- the drift of one guild (sum of its deltas), the proof that each balance equals the sum of its deltas. With the
-- guild as the key each of these is pruned to one partition, and a whole-ledger proof splits into sixteen
-- independent pieces: a guild's accounts and all its entries live in the same piece, so each piece is checked
-- in one snapshot, in any order, in parallel, or again on its own. RANGE (created_at) would make archiving old
-- months cheap, but every account query would visit every month (a member's history and an account's version
-- would fan out across all partitions, and so would every insert's uniqueness check on the operation key,
-- which cannot include created_at); the ledger is never deleted (append-only, it is the audit trail), so the
-- thing RANGE buys is the thing this table must not do.
--
-- Why 16. Enough that a partition of a 50-million-entry ledger (about 3 million entries, a few hundred MB) is
-- checked in seconds and its indexes stay cached; few enough that the planner's per-partition cost stays
-- negligible. Hash partitions split cleanly later: a modulus-16 partition becomes two modulus-32 ones by
-- detaching it and re-inserting its rows, one partition at a time, without touching the other fifteen.
--
-- What changes, and what keeps its meaning:
-- - The primary key must contain the partition key: it becomes (guild_id, id). id stays unique on its own
--   (one sequence for all partitions) and keeps growing in commit order per account (its row lock serialises
--   writers), so it still versions cached balances and orders a member's history.
-- - Postgres 15 has no identity columns on partitioned tables, so id is `DEFAULT nextval(ledger_entries_id_seq)`
--   instead of GENERATED ALWAYS AS IDENTITY. No code ever supplies an id; the difference is only that a
--   hand-written INSERT could.
-- - UNIQUE (idempotency_key, guild_id, user_id, kind) already contains guild_id and is kept as it was, as are
--   the CHECKs, both foreign keys, ledger_entries_account_idx (guild_id, user_id, id DESC) and the append-only
--   trigger (on the parent, so every partition has it), all under their old names.
--
-- Every existing row is copied with its id, in one transaction (node-pg-migrate runs each migration in one).
-- The copy holds an exclusive lock on the ledger for its duration: on a large existing ledger run it in a
-- maintenance window (docs/database.md has the measured cost per million rows).

ALTER TABLE ledger_entries RENAME TO ledger_entries_unpartitioned;
ALTER INDEX ledger_entries_pkey RENAME TO ledger_entries_unpartitioned_pkey;
ALTER INDEX ledger_entries_idempotency_key_guild_id_user_id_kind_key
  RENAME TO ledger_entries_unpartitioned_operation_key;
ALTER INDEX ledger_entries_account_idx RENAME TO ledger_entries_unpartitioned_account_idx;

CREATE TABLE ledger_entries (
  id              bigint NOT NULL,
  guild_id        bigint NOT NULL,
  user_id         bigint NOT NULL,
  delta           bigint NOT NULL,
  balance_after   bigint NOT NULL CONSTRAINT ledger_entries_balance_after_check CHECK (balance_after >= 0),
  kind            text   NOT NULL CONSTRAINT ledger_entries_kind_check
                         CHECK (kind IN ('opening', 'transfer_out', 'transfer_in', 'daily', 'grant', 'take', 'set')),
  counterparty_id bigint,
  actor_id        bigint,
  reason          text   CONSTRAINT ledger_entries_reason_check CHECK (char_length(reason) <= 200),
  idempotency_key text   NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
) PARTITION BY HASH (guild_id);

DO $$
BEGIN
  FOR r IN 0..15 LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF ledger_entries FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
      'ledger_entries_p' || lpad(r::text, 2, '0'), r);
  END LOOP;
END;
$$;

-- The rows first, then the keys, indexes and foreign keys: an index built by sorting the copied rows, and a
-- foreign key validated by one join, cost a fraction of maintaining them row by row during the copy.
INSERT INTO ledger_entries
  (id, guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key, created_at)
SELECT id, guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key, created_at
FROM ledger_entries_unpartitioned
ORDER BY id;

ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY (guild_id, id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_idempotency_key_guild_id_user_id_kind_key
  UNIQUE (idempotency_key, guild_id, user_id, kind);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (guild_id, user_id, id DESC);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_idempotency_key_fkey
  FOREIGN KEY (idempotency_key) REFERENCES operations (idempotency_key);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_guild_id_user_id_fkey
  FOREIGN KEY (guild_id, user_id) REFERENCES accounts (guild_id, user_id);

-- Dropping the old table drops its identity sequence; the new one continues where it stopped.
DROP TABLE ledger_entries_unpartitioned;
CREATE SEQUENCE ledger_entries_id_seq AS bigint OWNED BY ledger_entries.id;
SELECT setval('ledger_entries_id_seq', coalesce(max(id), 0) + 1, false) FROM ledger_entries;
ALTER TABLE ledger_entries ALTER COLUMN id SET DEFAULT nextval('ledger_entries_id_seq');

CREATE TRIGGER ledger_entries_append_only
  BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- Down Migration

ALTER TABLE ledger_entries RENAME TO ledger_entries_partitioned;
ALTER INDEX ledger_entries_pkey RENAME TO ledger_entries_partitioned_pkey;
ALTER INDEX ledger_entries_idempotency_key_guild_id_user_id_kind_key
  RENAME TO ledger_entries_partitioned_operation_key;
ALTER INDEX ledger_entries_account_idx RENAME TO ledger_entries_partitioned_account_idx;
ALTER SEQUENCE ledger_entries_id_seq RENAME TO ledger_entries_partitioned_id_seq;

CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guild_id        bigint NOT NULL,
  user_id         bigint NOT NULL,
  delta           bigint NOT NULL,
  balance_after   bigint NOT NULL CONSTRAINT ledger_entries_balance_after_check CHECK (balance_after >= 0),
  kind            text   NOT NULL CONSTRAINT ledger_entries_kind_check
                         CHECK (kind IN ('opening', 'transfer_out', 'transfer_in', 'daily', 'grant', 'take', 'set')),
  counterparty_id bigint,
  actor_id        bigint,
  reason          text   CONSTRAINT ledger_entries_reason_check CHECK (char_length(reason) <= 200),
  idempotency_key text   NOT NULL CONSTRAINT ledger_entries_idempotency_key_fkey REFERENCES operations (idempotency_key),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_entries_guild_id_user_id_fkey FOREIGN KEY (guild_id, user_id) REFERENCES accounts (guild_id, user_id),
  UNIQUE (idempotency_key, guild_id, user_id, kind)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (guild_id, user_id, id DESC);

INSERT INTO ledger_entries
  (id, guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key, created_at)
OVERRIDING SYSTEM VALUE
SELECT id, guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key, created_at
FROM ledger_entries_partitioned
ORDER BY id;
SELECT setval(pg_get_serial_sequence('ledger_entries', 'id'), coalesce(max(id), 0) + 1, false) FROM ledger_entries;

DROP TABLE ledger_entries_partitioned;

CREATE TRIGGER ledger_entries_append_only
  BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
