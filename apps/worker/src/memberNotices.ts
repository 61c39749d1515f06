import type { InteractionAdmission } from '@droas/ack-protocol';
import type { InteractionJob } from '@droas/contracts';
import {
  listMembersWithNotices,
  markNoticesDelivered,
  readUndeliveredNotices,
  recordUndeliveredNotice,
  type Database,
} from '@droas/db';
import type { Logger } from '@droas/runtime';

/** Notices ready to go to a member, and which they are, to mark once they arrived. */
export interface PendingNotices {
  readonly text: string;
  readonly interactionIds: readonly string[];
}

const HEADING = '📬 Earlier, an answer did not reach you:';
// Room kept for the reply the notices ride along with.
const MAX_NOTICE_CHARS = 1_200;

/**
 * What members were never told. When a command's effect stood but its answer could not reach the member
 * (`CommandReply.undeliveredNotice`), the notice is kept in Postgres (the truth) and a flag in Redis marks
 * the member, so admission, which reads the flag in the same round trip, tells the worker when a member's
 * next interaction should carry them. The flag is only a hint: `reflagAll` sets it again from Postgres.
 */
export class MemberNotices {
  constructor(private readonly deps: { db: Database; admission: InteractionAdmission; logger: Logger }) {}

  /** Keeps `text` for the member who made `ix`. */
  async record(ix: InteractionJob, text: string): Promise<void> {
    await recordUndeliveredNotice(this.deps.db, {
      interactionId: ix.id,
      guildId: ix.guildId,
      userId: ix.user.id,
      text: text.slice(0, 500),
    });
    await this.deps.admission.flagNotices(ix.guildId, ix.user.id);
    this.deps.logger.info(
      { interactionId: ix.id, guildId: ix.guildId },
      'kept an undelivered answer for later',
    );
  }

  /** The member's waiting notices, as one message part, or undefined when there are none. */
  async pending(ix: InteractionJob): Promise<PendingNotices | undefined> {
    const notices = await readUndeliveredNotices(this.deps.db, ix.guildId, ix.user.id);
    const lines: string[] = [];
    const ids: string[] = [];
    let length = HEADING.length;
    for (const notice of notices) {
      const line = `• ${notice.text}`;
      if (length + line.length + 1 > MAX_NOTICE_CHARS) break;
      lines.push(line);
      ids.push(notice.interactionId);
      length += line.length + 1;
    }
    if (ids.length === 0) {
      // A flag without notices (they were told elsewhere): drop it so the next interaction skips the query.
      if (notices.length === 0) await this.deps.admission.clearNotices(ix.guildId, ix.user.id);
      return undefined;
    }
    return { text: [HEADING, ...lines].join('\n'), interactionIds: ids };
  }

  /** The notices reached the member. */
  async delivered(ix: InteractionJob, notices: PendingNotices): Promise<void> {
    const waiting = await markNoticesDelivered(this.deps.db, ix.guildId, ix.user.id, notices.interactionIds);
    if (waiting === 0) await this.deps.admission.clearNotices(ix.guildId, ix.user.id);
  }

  /** Sets the flag of every member with notices waiting; returns how many. */
  async reflagAll(): Promise<number> {
    const members = await listMembersWithNotices(this.deps.db);
    for (const { guildId, userId } of members) await this.deps.admission.flagNotices(guildId, userId);
    return members.length;
  }
}
