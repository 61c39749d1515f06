import { createLogger, Metrics } from '@droas/runtime';
import { parseQueueDepthReply, type QueueDepth, type QueueDepthSource } from '@droas/runtime';
import { registerQueueGauges } from './queueGauges';

const logger = createLogger({ name: 'test', level: 'silent' });

function depth(partial: Partial<QueueDepth>): QueueDepth {
  return {
    waiting: 0,
    active: 0,
    delayed: 0,
    prioritized: 0,
    failed: 0,
    oldestWaitingAtMs: undefined,
    ...partial,
  };
}

/** Serves what `depths` says, counting reads; a queue set to 'fail' rejects, 'hang' never answers. */
function fakeSource(depths: Record<string, QueueDepth | 'fail' | 'hang'>) {
  const reads: string[] = [];
  const source: QueueDepthSource = {
    read(queue) {
      reads.push(queue);
      const d = depths[queue];
      if (d === 'fail') return Promise.reject(new Error('Connection is closed.'));
      if (d === 'hang' || d === undefined) return new Promise<never>(() => {});
      return Promise.resolve(d);
    },
  };
  return { source, reads };
}

/** Partition 0 of each queue, read from `source`. */
function watch(queues: readonly string[], source: QueueDepthSource) {
  return queues.map((queue) => ({ queue, partition: 0, source }));
}

/** The exposition's samples as `name{labels} value` lines, without the default labels. */
async function samples(metrics: Metrics, prefix: string): Promise<string[]> {
  const text = await metrics.expose();
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .sort();
}

describe('registerQueueGauges', () => {
  it('exports every state of every queue and the oldest waiting age, one read per queue per scrape', async () => {
    const metrics = new Metrics({ collectDefaults: false });
    const { source, reads } = fakeSource({
      interactions: depth({
        waiting: 3,
        active: 2,
        delayed: 1,
        prioritized: 4,
        failed: 5,
        oldestWaitingAtMs: 7_500,
      }),
      'member-events': depth({ delayed: 9 }),
    });
    registerQueueGauges({
      metrics,
      queues: watch(['interactions', 'member-events'], source),
      logger,
      now: () => 10_000,
    });

    expect(await samples(metrics, 'droas_queue_')).toEqual([
      'droas_queue_jobs{queue="interactions",partition="0",state="active"} 2',
      'droas_queue_jobs{queue="interactions",partition="0",state="delayed"} 1',
      'droas_queue_jobs{queue="interactions",partition="0",state="failed"} 5',
      'droas_queue_jobs{queue="interactions",partition="0",state="prioritized"} 4',
      'droas_queue_jobs{queue="interactions",partition="0",state="waiting"} 3',
      'droas_queue_jobs{queue="member-events",partition="0",state="active"} 0',
      'droas_queue_jobs{queue="member-events",partition="0",state="delayed"} 9',
      'droas_queue_jobs{queue="member-events",partition="0",state="failed"} 0',
      'droas_queue_jobs{queue="member-events",partition="0",state="prioritized"} 0',
      'droas_queue_jobs{queue="member-events",partition="0",state="waiting"} 0',
      'droas_queue_oldest_waiting_age_seconds{queue="interactions",partition="0"} 2.5',
      'droas_queue_oldest_waiting_age_seconds{queue="member-events",partition="0"} 0',
    ]);
    expect(reads.sort()).toEqual(['interactions', 'member-events']);
  });

  it('reads again on the next scrape, never reusing the last one', async () => {
    const metrics = new Metrics({ collectDefaults: false });
    const depths: Record<string, QueueDepth> = { interactions: depth({ waiting: 1, oldestWaitingAtMs: 0 }) };
    const { source, reads } = fakeSource(depths);
    registerQueueGauges({ metrics, queues: watch(['interactions'], source), logger, now: () => 1_000 });
    await metrics.expose();
    depths.interactions = depth({});
    expect(
      await samples(metrics, 'droas_queue_jobs{queue="interactions",partition="0",state="waiting"}'),
    ).toEqual(['droas_queue_jobs{queue="interactions",partition="0",state="waiting"} 0']);
    expect(reads).toEqual(['interactions', 'interactions']);
  });

  it('leaves out a queue it cannot read or that does not answer in time, counts it, and still answers', async () => {
    const metrics = new Metrics({ collectDefaults: false });
    const { source } = fakeSource({
      interactions: 'fail',
      'member-events': 'hang',
      'greeting-flushes': depth({}),
    });
    registerQueueGauges({
      metrics,
      queues: watch(['interactions', 'member-events', 'greeting-flushes'], source),
      logger,
      readTimeoutMs: 20,
    });
    const lines = await samples(metrics, 'droas_queue_');
    expect(
      lines.filter((l) => l.includes('queue="interactions"') || l.includes('queue="member-events"')),
    ).toEqual([
      'droas_queue_scrape_errors_total{queue="interactions",partition="0"} 1',
      'droas_queue_scrape_errors_total{queue="member-events",partition="0"} 1',
    ]);
    expect(
      lines.filter((l) => l.startsWith('droas_queue_jobs{queue="greeting-flushes",partition="0"')),
    ).toHaveLength(5);
  });

  it('drops a queue it read before once a read fails', async () => {
    const metrics = new Metrics({ collectDefaults: false });
    const depths: Record<string, QueueDepth | 'fail'> = { interactions: depth({ waiting: 7 }) };
    registerQueueGauges({ metrics, queues: watch(['interactions'], fakeSource(depths).source), logger });
    expect(await samples(metrics, 'droas_queue_jobs')).toHaveLength(5);
    depths.interactions = 'fail';
    expect(await samples(metrics, 'droas_queue_jobs')).toEqual([]);
    expect(await samples(metrics, 'droas_queue_oldest')).toEqual([]);
  });
});

describe('parseQueueDepthReply', () => {
  it('reads counts and the next job’s timestamp', () => {
    expect(parseQueueDepthReply([1, 2, 3, 4, 5, '1700000000123'])).toEqual({
      waiting: 1,
      active: 2,
      delayed: 3,
      prioritized: 4,
      failed: 5,
      oldestWaitingAtMs: 1_700_000_000_123,
    });
    expect(parseQueueDepthReply([0, 0, 0, 0, 0, '']).oldestWaitingAtMs).toBeUndefined();
  });

  it('refuses a reply of another shape, naming it', () => {
    expect(() => parseQueueDepthReply([1, 2, 3])).toThrow('unexpected queue depth script reply: [1,2,3]');
    expect(() => parseQueueDepthReply([1, 2, 3, 4, 'x', ''])).toThrow(TypeError);
    expect(() => parseQueueDepthReply([1, 2, 3, 4, 5, 'soon'])).toThrow(TypeError);
  });
});
