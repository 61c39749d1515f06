import type { CommandDefinition, CommandHandler, CommandReply, InteractionJob } from '@droas/contracts';
import { errorCode } from '@droas/db';
import { privateReply } from '../replies/reply.js';
import type { EconomyContext } from './economyContext.js';

/** How a command ended, for metrics: answered, refused, or answered from a stored outcome. */
export type CommandResult = 'ok' | 'refused' | 'replayed';

/** A command's reply and how it ended. */
export interface CommandRun {
  reply: CommandReply;
  result: CommandResult;
}

export interface CommandSpec {
  definition: CommandDefinition;
  defersEphemeral: boolean;
  run(job: InteractionJob): Promise<CommandRun>;
}

/** A private refusal; nothing was written. */
export function refused(message: string): CommandRun {
  return { reply: privateReply(message), result: 'refused' };
}

/**
 * A {@link CommandHandler} around `spec.run`, counting results and timing it. Bots are refused up front:
 * Discord does not let them invoke slash commands, so a job saying otherwise is not one to act on.
 * Infrastructure errors (Postgres down) propagate, so the worker retries the job; the idempotency key
 * makes the retry safe.
 */
export function defineCommand(ctx: EconomyContext, spec: CommandSpec): CommandHandler {
  const command = spec.definition.name;
  return {
    definition: spec.definition,
    defersEphemeral: spec.defersEphemeral,
    async handle(job: InteractionJob): Promise<CommandReply> {
      const end = ctx.metrics.commandDuration.startTimer({ command });
      try {
        const run = job.user.bot === true ? refused("Bots can't use the economy.") : await spec.run(job);
        ctx.metrics.commands.inc({ command, result: run.result });
        return run.reply;
      } catch (error) {
        ctx.metrics.commands.inc({ command, result: 'error' });
        throw error;
      } finally {
        end();
      }
    },
  };
}

/**
 * Whether `error` is the database refusing a balance above the guild's maximum
 * (`accounts_balance_within_max`). The application checks first, under the row lock, with the settings it
 * read; this fires only when the maximum changed in between, and the transaction has rolled back.
 */
export function isMaxBalanceViolation(error: unknown): boolean {
  return (
    errorCode(error) === '23514' &&
    typeof error === 'object' &&
    error !== null &&
    'constraint_name' in error &&
    error.constraint_name === 'accounts_balance_within_max'
  );
}

/**
 * A stored outcome, checked to belong to `command`. An idempotency key is an interaction id, so a mismatch
 * is a bug (or a forged job), never something to render.
 */
export function expectOutcome<T extends { command: string }>(outcome: T, command: T['command']): T {
  if (outcome.command !== command) {
    throw new TypeError(`stored outcome is for /${outcome.command}, not /${command}`);
  }
  return outcome;
}
