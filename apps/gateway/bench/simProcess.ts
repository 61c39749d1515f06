// The simulated Discord of the gateway benchmark, in a process of its own so that its CPU and memory stay
// out of both subjects' figures. Forked by gatewayBench.ts with its options as the first argument; answers
// over IPC with its URLs, and closes when told to or when its parent goes away.
import { startSimulator } from '@droas/discord-sim';

/** What gatewayBench.ts passes as argv[2] (JSON). */
export interface SimProcessOptions {
  guilds: number;
  membersPerGuild: number;
  channelsPerGuild: number;
  rolesPerGuild: number;
  maxConcurrency: number;
}

/** The first IPC message from the simulator process. */
export interface SimProcessReady {
  restUrl: string;
  controlUrl: string;
  botToken: string;
  guildCount: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimProcessOptions;
  const sim = await startSimulator({
    population: {
      count: options.guilds,
      membersPerGuild: options.membersPerGuild,
      channelsPerGuild: options.channelsPerGuild,
      rolesPerGuild: options.rolesPerGuild,
    },
    maxConcurrency: options.maxConcurrency,
    // The benchmark measures the bots, not Discord's REST limits; the gateway rules stay as Discord's.
    globalRateLimitPerSec: 1_000_000_000,
  });
  const close = (): void => {
    void sim.close().finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'close') close();
  });
  process.on('disconnect', close);
  const ready: SimProcessReady = {
    restUrl: sim.restUrl,
    controlUrl: sim.controlUrl,
    botToken: sim.botToken,
    guildCount: sim.state.population.guildCount,
  };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark simulator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
