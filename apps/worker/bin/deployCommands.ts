// `npm run commands:deploy [-- --guild ID]`: registers the worker's slash commands with Discord (or the
// simulator), globally or for one guild, replacing what was there. A composition root.
import { parseArgs } from 'node:util';
import { Database } from '@droas/db';
import { DiscordRestClient } from '@droas/discord-rest';
import { createLogger, env, loadConfig, Metrics, RedisNamespace } from '@droas/runtime';
import { Redis } from 'ioredis';
import { createFeatures } from '../src/index.js';

const config = loadConfig(
  {
    DISCORD_TOKEN: env.string().min(1, { error: 'expected the bot token' }),
    DISCORD_API_URL: env.url(['http', 'https']).default('https://discord.com/api'),
    /** Defaults to the bot user's id (GET /users/@me), which is the application's id. */
    DISCORD_APPLICATION_ID: env
      .string()
      .regex(/^\d{17,20}$/, { error: 'expected a snowflake' })
      .optional(),
  },
  process.env,
);
const { values } = parseArgs({ options: { guild: { type: 'string' } } });
if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
  process.stderr.write(`--guild ${values.guild}: expected a guild id (a snowflake of 17-20 digits)\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const logger = createLogger({ name: 'commands-deploy', level: 'warn', secrets: [config.DISCORD_TOKEN] });
  // The registry is built exactly as the worker builds it, so what is registered is what is served. Nothing
  // connects: postgres.js connects on the first query and this Redis only when asked.
  const db = new Database({ url: 'postgres://unused@127.0.0.1:1/unused' });
  const redis = new Redis({ lazyConnect: true });
  const metrics = new Metrics({ collectDefaults: false });
  const rest = new DiscordRestClient({
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    redis,
    namespace: new RedisNamespace('deploy'),
    metrics,
    logger,
  });
  const { registry } = createFeatures({
    db,
    redis,
    rest,
    namespace: new RedisNamespace('deploy'),
    metrics,
    logger,
    scheduleFlush: () => Promise.resolve(),
  });

  const api = `${config.DISCORD_API_URL.replace(/\/$/, '')}/v10`;
  const headers = { authorization: `Bot ${config.DISCORD_TOKEN}`, 'content-type': 'application/json' };
  const appId =
    config.DISCORD_APPLICATION_ID ?? (await request<{ id: string }>('GET', `${api}/users/@me`, headers)).id;
  const route = values.guild
    ? `/applications/${appId}/guilds/${values.guild}/commands`
    : `/applications/${appId}/commands`;
  const registered = await request<{ name: string; id: string }[]>(
    'PUT',
    `${api}${route}`,
    headers,
    registry.definitions(),
  );
  process.stdout.write(
    `registered ${registered.length} command(s) ${values.guild ? `in guild ${values.guild}` : 'globally'}: ` +
      `${registered.map((c) => `/${c.name}`).join(' ')}\n`,
  );
  await db.close();
  rest.close();
  redis.disconnect();
}

async function request<T>(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${method} ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

main().catch((error: unknown) => {
  process.stderr.write(`commands:deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
