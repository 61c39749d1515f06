import type { CommandReply } from '@droas/contracts';
import { discordTimestamp } from '../time/formatDuration.js';

/**
 * `reply` with what the member must still learn if it never reaches them: `what` happened, "at" the moment
 * they asked (the interaction's creation, shown in each reader's own time zone). Only for effects that stand
 * whether or not the answer arrives.
 */
export function withUndeliveredNotice(reply: CommandReply, what: string, atMs: number): CommandReply {
  return { ...reply, undeliveredNotice: `${what} at ${discordTimestamp(atMs, 'f')}.` };
}
