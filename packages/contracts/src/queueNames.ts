import { type JobKind } from './parseJob.js';

/**
 * The BullMQ queues between gateway and workers. Interactions have their own queue so a raid of joins never
 * delays them; a member's joins, leaves and screening share one, in the order the gateway received them.
 */
export const QUEUE_NAMES = {
  interactions: 'interactions',
  memberEvents: 'member-events',
  /** Workers' own: a channel's waiting greetings, flushed when its budget allows (welcome). */
  greetingFlushes: 'greeting-flushes',
} as const;

/** One of {@link QUEUE_NAMES}. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** The queue that carries jobs of `kind`. */
export function queueNameForKind(kind: JobKind): QueueName {
  switch (kind) {
    case 'interaction':
      return QUEUE_NAMES.interactions;
    case 'member-join':
    case 'member-leave':
    case 'member-screened':
      return QUEUE_NAMES.memberEvents;
  }
}
