import { randomInt } from 'node:crypto';
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  parseInteractionJob,
  timestampToSnowflake,
  type CommandOption,
  type InteractionJob,
  type ValueOption,
} from '@droas/contracts';

/** Manage Server (0x20) plus a few everyday bits; a plain member's bitfield lacks 0x20 and 0x8. */
export const ADMIN_PERMISSIONS = ((1n << 10n) | (1n << 11n) | 32n).toString();
export const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n)).toString();

/** Option builders, shaped as the contract carries them. */
export const opt = {
  user: (name: string, value: string): ValueOption => ({ type: 6, name, value }),
  int: (name: string, value: number): ValueOption => ({ type: 4, name, value }),
  text: (name: string, value: string): ValueOption => ({ type: 3, name, value }),
  sub: (name: string, options: ValueOption[] = []): CommandOption => ({ type: 1, name, options }),
};

export interface JobInput {
  user: string;
  command: string;
  options?: CommandOption[];
  permissions?: string;
  bot?: boolean;
  username?: string;
}

/** Builds valid interaction jobs for one guild, with fresh interaction ids minted like Discord's. */
export interface JobFactory {
  readonly guildId: string;
  readonly applicationId: string;
  /** The id of member `i` (stable within the factory, ascending with `i`). */
  member(i: number): string;
  /** A job the contract accepts (checked, so a test cannot build an invalid one by accident). */
  job(input: JobInput): InteractionJob;
}

export function createJobFactory(): JobFactory {
  // Random low bits keep ids apart between test files sharing nothing but the clock.
  const guildId = timestampToSnowflake(1_600_000_000_000, randomInt(0, 1 << 22));
  const applicationId = timestampToSnowflake(1_500_000_000_000, randomInt(0, 1 << 22));
  const memberBase = timestampToSnowflake(1_550_000_000_000, 0);
  let sequence = randomInt(0, 1 << 20);
  const createdAtMs = Date.now();
  return {
    guildId,
    applicationId,
    member: (i) => (BigInt(memberBase) + BigInt(i) * 4_194_304n + 17n).toString(),
    job(input) {
      const id = timestampToSnowflake(createdAtMs, sequence++ % (1 << 22));
      const job: InteractionJob = {
        kind: 'interaction',
        v: 1,
        id,
        applicationId,
        token: `test-token-${id}`,
        type: 2,
        guildId,
        channelId: guildId,
        user: {
          id: input.user,
          username: input.username ?? `user${input.user.slice(-4)}`,
          ...(input.bot !== undefined && { bot: input.bot }),
        },
        memberPermissions: input.permissions ?? MEMBER_PERMISSIONS,
        command: { name: input.command, options: input.options ?? [] },
        locale: 'en-US',
        shardId: 0,
        receivedAtMs: createdAtMs,
        createdAtMs,
        expiresAtMs: createdAtMs + INTERACTION_TOKEN_LIFETIME_MS,
      };
      const parsed = parseInteractionJob(job);
      if (!parsed.ok) throw new Error(`test built an invalid job: ${parsed.error.message}`);
      return parsed.value;
    },
  };
}

/**
 * A job with one option's value replaced by anything, bypassing the contract: what a handler sees if a
 * malformed job ever got past validation (or validation had a bug).
 */
export function withRawOption(
  job: InteractionJob,
  name: string,
  value: unknown,
  type?: number,
): InteractionJob {
  const replace = (options: readonly unknown[]): unknown[] =>
    options.map((o) => {
      const option = o as { name: string; type: number; options?: unknown[] };
      if (option.type === 1 || option.type === 2)
        return { ...option, options: replace(option.options ?? []) };
      return option.name === name ? { ...option, value, ...(type !== undefined && { type }) } : option;
    });
  return { ...job, command: { ...job.command, options: replace(job.command.options) as CommandOption[] } };
}
