import type { Cluster } from 'ioredis';

/**
 * Whether a replica holds what this process wrote to one hash slot, for {@link OrderedProducer}'s
 * `replicated`. Redis replicates asynchronously: a primary that dies right after acknowledging a write can
 * take it along, and the promoted replica never had it. `WAIT 1 <timeoutMs>` on the connection that carried
 * the writes returns once a replica has acknowledged all of them.
 *
 * The cluster client keeps one connection per node, so the WAIT must go to the node that owns the slot: it
 * is pipelined behind an EXISTS of a key in that slot, which routes the pipeline there. When no replica
 * confirms in time, ROLE on the same node says whether the primary has any replica at all; one that has none
 * (its replica was just promoted elsewhere, or is resyncing) cannot be waited for without stopping intake.
 */
export function replicaConfirmation(
  redis: Cluster,
  slotKey: string,
  timeoutMs: number,
): () => Promise<boolean | 'none'> {
  return async () => {
    const waited = await redis.pipeline().exists(slotKey).wait(1, timeoutMs).exec();
    const [error, replicas] = waited?.[1] ?? [new Error('no answer to WAIT'), 0];
    if (error) throw error;
    if (Number(replicas) >= 1) return true;
    const role = await redis.pipeline().exists(slotKey).role().exec();
    const [roleError, reply] = role?.[1] ?? [new Error('no answer to ROLE'), []];
    if (roleError) throw roleError;
    return replicaCount(reply) === 0 ? 'none' : false;
  };
}

/** The replicas a primary's ROLE reply lists (`['master', offset, [[host, port, offset], …]]`). */
export function replicaCount(role: unknown): number {
  if (!Array.isArray(role) || role[0] !== 'master') {
    throw new TypeError(`expected a primary's ROLE reply, got ${JSON.stringify(role)}`);
  }
  return Array.isArray(role[2]) ? role[2].length : 0;
}
