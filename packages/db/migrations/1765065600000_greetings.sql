-- Up Migration

-- Welcome and goodbye settings, one row per guild and kind. The document is the welcome package's
-- GreetingSettings, validated there before it is written (templates parsed, worst-case lengths checked); it is
-- a document because its shape is that package's to evolve. What the bot learns on its own, a channel it can
-- no longer send to, is kept beside it and cleared by any change of the settings. `version` grows with every
-- write, so caches can tell a newer row from an older one.
CREATE TABLE greeting_settings (
  guild_id       bigint NOT NULL,
  kind           text   NOT NULL CHECK (kind IN ('welcome', 'goodbye')),
  settings       jsonb  NOT NULL,
  blocked_reason text   CHECK (char_length(blocked_reason) <= 500),
  blocked_at     timestamptz,
  version        bigint NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, kind)
);

-- One row per greeting owed: a member's join (or leave) in a guild, at its time. It says how the member was
-- greeted (alone, or in a coalesced message during a raid), or why not, so every join of a raid is accounted
-- for. Rows queued for a channel are sent in batches; a batch is claimed by setting batch_id, and sent with it
-- as the message nonce, so a batch sent twice (a worker killed after sending) is one message.
CREATE TABLE greeting_deliveries (
  guild_id      bigint NOT NULL,
  user_id       bigint NOT NULL,
  kind          text   NOT NULL CHECK (kind IN ('welcome', 'goodbye')),
  event_at      timestamptz NOT NULL,
  status        text   NOT NULL CHECK (status IN ('waiting-screening', 'queued', 'sending', 'sent', 'skipped', 'failed')),
  mode          text   CHECK (mode IN ('alone', 'coalesced')),
  channel_id    bigint,
  batch_id      text   CHECK (char_length(batch_id) <= 25),
  message_id    bigint,
  reason        text   CHECK (char_length(reason) <= 500),
  dm_status     text   CHECK (dm_status IN ('sent', 'refused', 'shed', 'failed')),
  roles_status  text   CHECK (char_length(roles_status) <= 500),
  member        jsonb  NOT NULL,
  received_at   timestamptz NOT NULL,
  sent_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, user_id, kind, event_at)
);
-- What a channel has waiting, oldest first: what a batch takes.
CREATE INDEX greeting_deliveries_queue_idx ON greeting_deliveries (channel_id, kind, created_at)
  WHERE status IN ('queued', 'sending');
-- A guild's recent failures, for `/welcome status`.
CREATE INDEX greeting_deliveries_failures_idx ON greeting_deliveries (guild_id, kind, updated_at DESC)
  WHERE status = 'failed';
-- A member's latest join, for screening and leaves.
CREATE INDEX greeting_deliveries_member_idx ON greeting_deliveries (guild_id, user_id, kind, event_at DESC);

-- The welcome columns of guild_settings and the first deliveries table were never written; the two tables
-- above replace them.
DROP TABLE welcome_deliveries;
ALTER TABLE guild_settings
  DROP COLUMN welcome_enabled,
  DROP COLUMN welcome_channel_id,
  DROP COLUMN welcome_template,
  DROP COLUMN welcome_dm_enabled,
  DROP COLUMN welcome_dm_template,
  DROP COLUMN welcome_min_account_age_seconds,
  DROP COLUMN welcome_autorole_ids;

-- Down Migration
ALTER TABLE guild_settings
  ADD COLUMN welcome_enabled boolean NOT NULL DEFAULT false,
  ADD COLUMN welcome_channel_id bigint,
  ADD COLUMN welcome_template text NOT NULL DEFAULT 'Welcome {user}, to **{server}**! You are member #{memberCount}.'
    CHECK (char_length(welcome_template) BETWEEN 1 AND 2000),
  ADD COLUMN welcome_dm_enabled boolean NOT NULL DEFAULT false,
  ADD COLUMN welcome_dm_template text CHECK (char_length(welcome_dm_template) BETWEEN 1 AND 2000),
  ADD COLUMN welcome_min_account_age_seconds integer NOT NULL DEFAULT 0 CHECK (welcome_min_account_age_seconds >= 0),
  ADD COLUMN welcome_autorole_ids bigint[] NOT NULL DEFAULT '{}' CHECK (cardinality(welcome_autorole_ids) <= 10);
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
DROP TABLE greeting_deliveries;
DROP TABLE greeting_settings;
