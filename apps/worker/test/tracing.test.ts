import { eventually } from '@droas/testkit';
import { startOtlpCollector, type OtlpCollector, type ReceivedSpan } from './support/otlpCollector';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

// OpenTelemetry across the queue, with the real processes: the gateway's span for an event is the parent of
// the worker's span for its job, the worker's log lines carry that trace id, and no span holds a token.
// Then the same path with no endpoint: nothing is exported and no line carries a trace id.

// A short batch delay (read by the SDK itself) so spans arrive while the test waits, not 5 s later.
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '100' };

/** A stack whose gateway and worker get `otel` (and quick exports); the worker logs each job (debug). */
function startTracedStack(otel: Record<string, string>): Promise<WorkerStack> {
  const env = { ...otel, ...FAST_EXPORT };
  return startWorkerStack({ workers: 1, gatewayEnv: env, workerEnv: { ...env, LOG_LEVEL: 'debug' } });
}

function workerLinesOf(stack: WorkerStack, jobId: string): Record<string, unknown>[] {
  return stack.workers.flatMap((w) => w.process.logs()).filter((l) => l.jobId === jobId);
}

describe('tracing on: an OTLP endpoint is configured', () => {
  let collector: OtlpCollector;
  let stack: WorkerStack;
  const dispatched: string[] = [];

  beforeAll(async () => {
    collector = await startOtlpCollector();
    stack = await startTracedStack({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await collector?.close();
  });

  /** The worker's span for `jobId` and the gateway span it continues, once both have been exported. */
  async function spansOfJob(jobId: string): Promise<{ worker: ReceivedSpan; gateway: ReceivedSpan }> {
    return eventually(
      () => {
        const spans = collector.spans();
        const worker = spans.find(
          (s) => s.service === 'droas-worker' && s.attributes['messaging.message.id'] === jobId,
        );
        const gateway = spans.find(
          (s) => s.service === 'droas-gateway' && s.attributes['messaging.message.id'] === jobId,
        );
        return worker && gateway ? { worker, gateway } : undefined;
      },
      15_000,
      `the gateway's and the worker's spans of ${jobId}`,
    );
  }

  it('continues the gateway span of an interaction in the worker, and the worker logs the trace id', async () => {
    const id = stack.dispatch('ping');
    dispatched.push(id);
    const [timeline] = await stack.waitAnswered([id]);
    const { worker, gateway } = await spansOfJob(`ix-${id}`);

    expect(gateway).toMatchObject({
      name: 'forward INTERACTION_CREATE',
      kind: 4, // PRODUCER
      attributes: { 'droas.command': 'ping', 'discord.interaction.id': id },
    });
    expect(worker).toMatchObject({
      name: 'process interactions',
      kind: 5, // CONSUMER
      traceId: gateway.traceId,
      parentSpanId: gateway.spanId,
      // toMatchObject: these among others.
      attributes: {
        'messaging.destination.name': 'interactions',
        'droas.job.kind': 'interaction',
        'droas.command': 'ping',
        'discord.guild.id': timeline!.guildId,
        'discord.shard.id': timeline!.shardId,
        'droas.job.attempt': 1,
        'droas.job.outcome': 'answered',
      },
    });
    // The answer went to Discord inside the job's span.
    const answer = await eventually(() =>
      collector
        .spans()
        .find((s) => s.traceId === worker.traceId && s.name.startsWith('discord POST /interactions/')),
    );
    expect(answer.attributes).toMatchObject({ 'http.response.status_code': 204 });

    const lines = workerLinesOf(stack, `ix-${id}`);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ trace_id: gateway.traceId });
  });

  it('continues the gateway span of a member join in the worker', async () => {
    const guild = stack.sim.state.population.guilds()[0]!;
    const userId = stack.sim.state.population.createUser();
    stack.sim.state.memberJoin(guild.id, userId);
    const jobId = await eventually(
      () =>
        collector
          .spans()
          .find((s) => s.name === 'forward GUILD_MEMBER_ADD' && s.attributes['discord.user.id'] === userId)
          ?.attributes['messaging.message.id'],
    );
    const { worker, gateway } = await spansOfJob(String(jobId));
    expect(worker).toMatchObject({
      name: 'process member-events',
      traceId: gateway.traceId,
      parentSpanId: gateway.spanId,
      attributes: { 'droas.job.kind': 'member-join', 'discord.guild.id': guild.id },
    });
    // The welcome read its settings from Postgres inside the job's span.
    await eventually(() =>
      collector.spans().find((s) => s.traceId === worker.traceId && s.name.startsWith('db ')),
    );
    const lines = workerLinesOf(stack, String(jobId));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ trace_id: gateway.traceId });
  });

  it('puts neither the bot token nor any interaction token in what it exports', () => {
    const exported = collector.requests.map((r) => r.body).join('\n');
    expect(exported.length).toBeGreaterThan(0);
    expect(exported).not.toContain(stack.sim.botToken);
    const tokens = dispatched.map((id) => stack.timeline(id)?.token ?? '');
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(token.length).toBeGreaterThan(8);
    for (const token of tokens) expect(exported).not.toContain(token);
    expect(collector.requests.every((r) => r.contentType === 'application/json')).toBe(true);
  });
});

describe('tracing off: no endpoint configured', () => {
  let collector: OtlpCollector;
  let stack: WorkerStack;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    // Empty, as compose and the Kubernetes base leave it; the other variables set, to show they do not turn it on.
    stack = await startTracedStack({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SERVICE_NAME: 'droas-off' });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await collector?.close();
  });

  it('exports nothing, and no log line carries a trace id', async () => {
    const id = stack.dispatch('ping');
    await stack.waitAnswered([id]);
    const lines = await eventually(() => {
      const found = workerLinesOf(stack, `ix-${id}`);
      return found.length > 0 ? found : undefined;
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
    const everyLine = [...stack.gateway.process.logs(), ...stack.workers.flatMap((w) => w.process.logs())];
    expect(everyLine.filter((l) => 'trace_id' in l)).toEqual([]);
    expect(collector.requests).toEqual([]);
  });
});
