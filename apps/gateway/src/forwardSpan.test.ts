import { parseJob, timestampToSnowflake, type InteractionJob } from '@droas/contracts';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { forwardSpan } from './forwardSpan';

const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmZvcndhcmRTcGFu';
const createdAtMs = Date.UTC(2026, 0, 1);
const job: InteractionJob = {
  kind: 'interaction',
  v: 2,
  id: timestampToSnowflake(createdAtMs),
  applicationId: timestampToSnowflake(createdAtMs - 1e9),
  token: TOKEN,
  type: 2,
  guildId: timestampToSnowflake(createdAtMs - 2e9),
  channelId: timestampToSnowflake(createdAtMs - 3e9),
  user: { id: timestampToSnowflake(createdAtMs - 4e9), username: 'alice' },
  memberPermissions: '0',
  command: { name: 'balance', options: [] },
  locale: 'en-US',
  shardId: 1,
  receivedAtMs: createdAtMs + 5,
  createdAtMs,
  expiresAtMs: createdAtMs + 15 * 60 * 1000,
};

describe('forwardSpan', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  beforeEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('is nothing when tracing is off', () => {
    expect(forwardSpan(undefined, 'INTERACTION_CREATE', 1)).toBeUndefined();
  });

  it('hands the job its span as the parent to continue, a job the worker accepts', () => {
    const span = forwardSpan(tracer, 'INTERACTION_CREATE', 1)!;
    const carried = span.carry('interactions', `ix-${job.id}`, job);
    span.end();
    const [exported] = exporter.getFinishedSpans();
    const ids = exported!.spanContext();
    expect(carried).toEqual({ ...job, trace: { traceparent: `00-${ids.traceId}-${ids.spanId}-01` } });
    expect(parseJob(JSON.parse(JSON.stringify(carried)))).toEqual({ ok: true, value: carried });
    expect(exported!.parentSpanContext).toBeUndefined();
    expect(exported!.attributes).toMatchObject({
      'discord.shard.id': 1,
      'discord.guild.id': job.guildId,
      'discord.interaction.id': job.id,
      'droas.command': 'balance',
      'messaging.message.id': `ix-${job.id}`,
    });
    expect(JSON.stringify(exported!.attributes)).not.toContain(TOKEN);
  });

  it('marks a dropped dispatch as an error, and ends its span', () => {
    forwardSpan(tracer, 'GUILD_MEMBER_ADD', 0)!.malformed();
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.name).toBe('forward GUILD_MEMBER_ADD');
    expect(exported?.status).toEqual({ code: 2, message: 'malformed dispatch: dropped' });
  });
});
