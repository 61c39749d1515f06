-- Up Migration

-- A transfer in one statement. The same steps as a transfer run from the application one statement at a time
-- (claim the operation's key, open missing accounts, lock both rows in ascending id order, check, move, write
-- the ledger, store the outcome), in the same order and under the same locks, but in one round trip: a
-- transfer used to hold its connection for eight, most of it idle in transaction waiting for Node.
--
-- A duplicate key returns the stored outcome with replayed = true and changes nothing; a concurrent duplicate
-- blocks on the key until the first commits (as before). Amounts travel as {"$bigint": "<digits>"} in the
-- outcome, the application's encoding of bigint in JSON. p_envelope, when not null, is stored around the
-- result as {...p_envelope, "result": <outcome>}: what a command stores to replay its whole reply.

CREATE FUNCTION droas_bigint_json(value bigint) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('$bigint', value::text)
$$;

CREATE FUNCTION droas_transfer(
  p_key text, p_guild bigint, p_actor bigint, p_from bigint, p_to bigint, p_amount bigint, p_reason text,
  p_starting bigint, p_max bigint, p_envelope jsonb
) RETURNS TABLE (replayed boolean, outcome jsonb) LANGUAGE plpgsql AS $$
DECLARE
  v_from bigint;
  v_to bigint;
  v_out_id bigint;
  v_in_id bigint;
  v_result jsonb;
  v_stored jsonb;
BEGIN
  IF p_amount <= 0 OR p_from = p_to THEN
    RAISE EXCEPTION 'transfer of % from % to %: the amount must be positive and the members different',
      p_amount, p_from, p_to USING ERRCODE = 'invalid_parameter_value';
  END IF;

  INSERT INTO operations (idempotency_key, guild_id, kind, actor_id, outcome)
  VALUES (p_key, p_guild, 'transfer', p_actor, '{}'::jsonb)
  ON CONFLICT (idempotency_key) DO NOTHING;
  IF NOT FOUND THEN
    SELECT o.outcome INTO v_stored FROM operations o WHERE o.idempotency_key = p_key;
    IF v_stored IS NULL THEN
      RAISE EXCEPTION 'operation % vanished after its claim conflicted', p_key;
    END IF;
    RETURN QUERY SELECT true, v_stored;
    RETURN;
  END IF;

  -- Missing accounts open at the starting balance, in ascending id order (the order every transfer locks in).
  WITH opened AS (
    INSERT INTO accounts (guild_id, user_id, balance)
    SELECT p_guild, t.id, p_starting
    FROM unnest(ARRAY[least(p_from, p_to), greatest(p_from, p_to)]) WITH ORDINALITY AS t(id, ord)
    ORDER BY t.ord
    ON CONFLICT (guild_id, user_id) DO NOTHING
    RETURNING user_id
  )
  INSERT INTO ledger_entries (guild_id, user_id, delta, balance_after, kind, idempotency_key)
  SELECT p_guild, opened.user_id, p_starting, p_starting, 'opening', p_key FROM opened;

  PERFORM 1 FROM accounts a
  WHERE a.guild_id = p_guild AND a.user_id IN (p_from, p_to)
  ORDER BY a.user_id
  FOR UPDATE;
  SELECT a.balance INTO v_from FROM accounts a WHERE a.guild_id = p_guild AND a.user_id = p_from;
  SELECT a.balance INTO v_to FROM accounts a WHERE a.guild_id = p_guild AND a.user_id = p_to;

  IF v_from < p_amount THEN
    v_result := jsonb_build_object(
      'status', 'insufficient_funds', 'amount', droas_bigint_json(p_amount), 'balance', droas_bigint_json(v_from));
  ELSIF v_to::numeric + p_amount > p_max THEN
    v_result := jsonb_build_object(
      'status', 'receiver_at_max', 'amount', droas_bigint_json(p_amount),
      'receiverBalance', droas_bigint_json(v_to), 'maxBalance', droas_bigint_json(p_max));
  ELSE
    UPDATE accounts a
    SET balance = CASE WHEN a.user_id = p_from THEN v_from - p_amount ELSE v_to + p_amount END, updated_at = now()
    WHERE a.guild_id = p_guild AND a.user_id IN (p_from, p_to);
    INSERT INTO ledger_entries
      (guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key)
    VALUES (p_guild, p_from, -p_amount, v_from - p_amount, 'transfer_out', p_to, p_actor, p_reason, p_key)
    RETURNING id INTO v_out_id;
    INSERT INTO ledger_entries
      (guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key)
    VALUES (p_guild, p_to, p_amount, v_to + p_amount, 'transfer_in', p_from, p_actor, p_reason, p_key)
    RETURNING id INTO v_in_id;
    v_result := jsonb_build_object(
      'status', 'applied', 'amount', droas_bigint_json(p_amount),
      'fromBalance', droas_bigint_json(v_from - p_amount), 'toBalance', droas_bigint_json(v_to + p_amount),
      'fromEntryId', droas_bigint_json(v_out_id), 'toEntryId', droas_bigint_json(v_in_id));
  END IF;

  v_stored := CASE WHEN p_envelope IS NULL THEN v_result ELSE p_envelope || jsonb_build_object('result', v_result) END;
  UPDATE operations SET outcome = v_stored WHERE idempotency_key = p_key;
  RETURN QUERY SELECT false, v_stored;
END;
$$;

-- Down Migration
DROP FUNCTION droas_transfer(text, bigint, bigint, bigint, bigint, bigint, text, bigint, bigint, jsonb);
DROP FUNCTION droas_bigint_json(bigint);
