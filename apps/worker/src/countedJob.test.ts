import { Metrics } from '@droas/runtime';
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { countedJob, type JobWork } from './countedJob';
import { createWorkerMetrics } from './workerMetrics';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const GATEWAY_SPAN = '00f067aa0ba902b7';

function fakeJob(data: unknown): Job {
  return { id: 'ix-1', data, timestamp: 0, attemptsMade: 1 } as unknown as Job;
}

describe('countedJob with a tracer', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  // No global tracer provider or context manager: only what countedJob itself records is looked at.
  const run = (work: JobWork, data: unknown = {}) =>
    countedJob(
      'interactions',
      { metrics: createWorkerMetrics(new Metrics()), now: () => 0, tracer },
      work,
    )(fakeJob(data), 'lock');

  beforeEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('makes each attempt a CONSUMER span, the child of the span the job carries, with its outcome', async () => {
    await run(() => Promise.resolve('answered'), {
      trace: { traceparent: `00-${TRACE_ID}-${GATEWAY_SPAN}-01` },
    });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('process interactions');
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(GATEWAY_SPAN);
    expect(span?.attributes).toMatchObject({
      'messaging.destination.name': 'interactions',
      'messaging.message.id': 'ix-1',
      'droas.job.attempt': 2,
      'droas.job.outcome': 'answered',
    });
    expect(span?.status.code).toBe(0); // UNSET
  });

  it('starts a trace of its own for a job without a sound carrier', async () => {
    await run(() => Promise.resolve('answered'), { trace: { traceparent: 'garbage' } });
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('records a failure on the span, but not a job moved to later on purpose', async () => {
    await expect(run(() => Promise.reject(new Error('postgres unreachable')))).rejects.toThrow();
    await expect(run(() => Promise.reject(new UnrecoverableError('bad job')))).rejects.toThrow();
    await expect(run(() => Promise.reject(new DelayedError()))).rejects.toThrow();
    const [retry, invalid, delayed] = exporter.getFinishedSpans();
    expect(retry?.attributes['droas.job.outcome']).toBe('retry');
    expect(retry?.status).toEqual({ code: 2, message: 'postgres unreachable' });
    expect(retry?.events.map((e) => e.name)).toEqual(['exception']);
    expect(invalid?.attributes['droas.job.outcome']).toBe('invalid_or_permanent');
    expect(invalid?.status.code).toBe(2);
    expect(delayed?.attributes['droas.job.outcome']).toBe('delayed');
    expect(delayed?.status.code).toBe(0);
  });

  it('does no span work without a tracer', async () => {
    const seen: unknown[] = [];
    await countedJob('interactions', { metrics: createWorkerMetrics(new Metrics()), now: () => 0 }, () => {
      seen.push(trace.getActiveSpan());
      return Promise.resolve('answered');
    })(fakeJob({}), 'lock');
    expect(seen).toEqual([undefined]);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
