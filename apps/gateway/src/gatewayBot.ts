export interface GatewayBotInfo {
  url: string;
  shards: number;
  sessionStartLimit: { total: number; remaining: number; resetAfterMs: number; maxConcurrency: number };
}

/**
 * GET /gateway/bot, for the identify limits that pace cluster spawning. A 401 is final (bad token); other
 * failures are retried a few times, since the manager cannot plan without it.
 */
export async function fetchGatewayBot(apiUrl: string, token: string, attempts = 5): Promise<GatewayBotInfo> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(`${apiUrl.replace(/\/$/, '')}/v10/gateway/bot`, {
        headers: { authorization: `Bot ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 401)
        throw new FatalError('GET /gateway/bot answered 401: DISCORD_TOKEN is not a valid bot token');
      if (!res.ok) throw new Error(`GET /gateway/bot answered ${res.status}`);
      const body = (await res.json()) as {
        url: string;
        shards: number;
        session_start_limit: {
          total: number;
          remaining: number;
          reset_after: number;
          max_concurrency: number;
        };
      };
      const l = body.session_start_limit;
      return {
        url: body.url,
        shards: body.shards,
        sessionStartLimit: {
          total: l.total,
          remaining: l.remaining,
          resetAfterMs: l.reset_after,
          maxConcurrency: l.max_concurrency,
        },
      };
    } catch (error) {
      if (error instanceof FatalError) throw error;
      lastError = error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
  throw new Error(`GET /gateway/bot failed ${attempts} times`, { cause: lastError });
}

/** The bot's own user, as GET /users/@me answers it. */
export interface BotUser {
  id: string;
  [field: string]: unknown;
}

/**
 * GET /users/@me: the bot's own user, whose id names its stored gateway sessions. Retried like
 * {@link fetchGatewayBot}; a 401 is final.
 */
export async function fetchBotUser(apiUrl: string, token: string, attempts = 5): Promise<BotUser> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(`${apiUrl.replace(/\/$/, '')}/v10/users/@me`, {
        headers: { authorization: `Bot ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 401)
        throw new FatalError('GET /users/@me answered 401: DISCORD_TOKEN is not a valid bot token');
      if (!res.ok) throw new Error(`GET /users/@me answered ${res.status}`);
      const body = (await res.json()) as Record<string, unknown>;
      if (typeof body.id !== 'string' || !/^\d{1,20}$/.test(body.id))
        throw new Error('GET /users/@me answered without a user id');
      return body as BotUser;
    } catch (error) {
      if (error instanceof FatalError) throw error;
      lastError = error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
  throw new Error(`GET /users/@me failed ${attempts} times`, { cause: lastError });
}

class FatalError extends Error {
  override readonly name = 'FatalError';
}
