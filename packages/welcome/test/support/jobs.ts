// Test support: interaction jobs for /welcome and /goodbye, checked against the contract so tests never
// feed the reader a tree the worker would have refused.
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  parseInteractionJob,
  snowflakeToTimestampMs,
  type CommandOption,
  type InteractionJob,
  type ValueOption,
} from '@droas/contracts';
import { ids } from './fixtures.js';

const INTERACTION_ID = '1350037462692520512';

/** A valid job for `/<name>` with this option tree. */
export function commandJob(name: string, options: readonly CommandOption[]): InteractionJob {
  const createdAtMs = snowflakeToTimestampMs(INTERACTION_ID);
  const job: InteractionJob = {
    kind: 'interaction',
    v: 2,
    id: INTERACTION_ID,
    applicationId: '1006111557681152008',
    token: 'token',
    type: 2,
    guildId: ids.guild,
    channelId: ids.channel,
    user: { id: ids.alice, username: 'alice' },
    memberPermissions: '32',
    command: { name, options, resolvedUsers: [] },
    locale: 'en-US',
    shardId: 0,
    receivedAtMs: createdAtMs + 5,
    createdAtMs,
    expiresAtMs: createdAtMs + INTERACTION_TOKEN_LIFETIME_MS,
  };
  const parsed = parseInteractionJob(job);
  if (!parsed.ok) throw new Error(`test job breaks the contract: ${parsed.error.message}`);
  return parsed.value;
}

/** `/<name> <subcommand> …values`. */
export function subcommandJob(
  name: string,
  subcommand: string,
  values: readonly ValueOption[] = [],
): InteractionJob {
  return commandJob(name, [{ type: 1, name: subcommand, options: values }]);
}
