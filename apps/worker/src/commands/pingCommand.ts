import type { CommandHandler, InteractionJob } from '@droas/contracts';

/** `/ping`: proves the whole path (gateway → queue → worker → Discord) and says how long it took. */
export function createPingCommand(now: () => number = Date.now): CommandHandler {
  return {
    definition: {
      name: 'ping',
      description: 'Check that the bot is alive and how fast it answers',
      contexts: [0],
    },
    defersEphemeral: true,
    handle(job: InteractionJob) {
      const ageMs = Math.max(0, now() - job.createdAtMs);
      return Promise.resolve({
        content: `Pong! Answered ${ageMs} ms after you asked.`,
        ephemeral: true,
        allowedMentions: { parse: [] },
      });
    },
  };
}
