import { type JobKind } from './parseJob.js';

/** The BullMQ queues between gateway and workers. Interactions have their own queue so joins never delay them. */
export const QUEUE_NAMES = {
  interactions: 'interactions',
  memberJoins: 'member-joins',
} as const;

/** One of {@link QUEUE_NAMES}. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** The queue that carries jobs of `kind`. */
export function queueNameForKind(kind: JobKind): QueueName {
  switch (kind) {
    case 'interaction':
      return QUEUE_NAMES.interactions;
    case 'member-join':
      return QUEUE_NAMES.memberJoins;
  }
}
