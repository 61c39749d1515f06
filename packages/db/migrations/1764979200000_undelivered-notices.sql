-- Up Migration

-- What a member was never told. When a command's effect stands (money moved) but its answer could not reach
-- the member while the interaction's token lived (nobody could acknowledge it in time, or Discord refused
-- every delivery for 15 minutes), the worker keeps the answer's summary here, and the member's next
-- interaction in that guild carries it. One row per interaction: a retried job records it once.
CREATE TABLE undelivered_notices (
  interaction_id bigint PRIMARY KEY,
  guild_id       bigint NOT NULL,
  user_id        bigint NOT NULL,
  text           text   NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
  created_at     timestamptz NOT NULL DEFAULT now(),
  delivered_at   timestamptz
);
-- A member's waiting notices, oldest first; delivered ones drop out of the index.
CREATE INDEX undelivered_notices_pending_idx ON undelivered_notices (guild_id, user_id, created_at)
  WHERE delivered_at IS NULL;

-- Down Migration
DROP TABLE undelivered_notices;
