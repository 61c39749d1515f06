// Subject B of the gateway benchmark: an out-of-the-box discord.js Client (default caches, default
// options) that only listens. The only settings are the ones any bot needs to run at all: intents, where
// Discord is, and which shards (10,000 guilds do not fit on one). Forked by gatewayBench.ts with its options
// as argv[2] (JSON); talks over IPC.
import { Client, Events, GatewayIntentBits } from 'discord.js';

/** What gatewayBench.ts passes as argv[2] (JSON). */
export interface DefaultClientOptions {
  restUrl: string;
  token: string;
  shardCount: number;
}

/** Events seen so far, through the listeners a bot would use. */
export interface DefaultClientCounts {
  interactions: number;
  memberJoins: number;
}

/** IPC from this process: `ready` once every shard has every guild, `counts` when asked. */
export type DefaultClientMessage =
  { type: 'ready'; guilds: number } | ({ type: 'counts' } & DefaultClientCounts);

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as DefaultClientOptions;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    shards: Array.from({ length: options.shardCount }, (_, i) => i),
    shardCount: options.shardCount,
    rest: { api: options.restUrl },
  });
  const counts: DefaultClientCounts = { interactions: 0, memberJoins: 0 };
  client.on(Events.InteractionCreate, () => {
    counts.interactions += 1;
  });
  client.on(Events.GuildMemberAdd, () => {
    counts.memberJoins += 1;
  });
  client.once(Events.ClientReady, () => send({ type: 'ready', guilds: client.guilds.cache.size }));
  const stop = (): void => {
    void client.destroy().finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'counts') send({ type: 'counts', ...counts });
    else if (message === 'close') stop();
  });
  process.on('disconnect', stop);
  await client.login(options.token);
}

function send(message: DefaultClientMessage): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `default client failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
