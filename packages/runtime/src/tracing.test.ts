import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SamplingDecision,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createLogger } from './logger';
import { contextFromTraceCarrier, inChildSpan, samplerFor, startTracing, traceCarrierFrom } from './tracing';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(chunk.toString());
      done();
    },
  });
  return { lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>), stream };
}

const silent = createLogger({ name: 'test', level: 'silent' });

describe('tracing off', () => {
  it('gives no tracer, and log lines carry no trace ids', async () => {
    const tracing = startTracing(undefined, silent);
    expect(tracing.tracer).toBeUndefined();
    const { lines, stream } = capture();
    createLogger({ name: 'test', destination: stream }).info('no span here');
    expect(lines()[0]).not.toHaveProperty('trace_id');
    expect(traceCarrierFrom()).toBeUndefined();
    await tracing.stop();
  });
});

describe('tracing on (in memory)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('writes the active span’s ids on log lines, across awaits, and none outside it', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'test', destination: stream });
    let ids: { traceId: string; spanId: string } | undefined;
    await tracer.startActiveSpan('job', async (span) => {
      ids = span.spanContext();
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside');
      span.end();
    });
    logger.info('outside');
    const [inside, outside] = lines();
    expect(inside).toMatchObject({ trace_id: ids?.traceId, span_id: ids?.spanId, trace_flags: '01' });
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('carries a span across a queue: the carrier’s context makes the next span its child', () => {
    const sent = tracer.startSpan('forward');
    const carrier = traceCarrierFrom(trace.setSpan(context.active(), sent));
    sent.end();
    expect(carrier?.traceparent).toBe(`00-${sent.spanContext().traceId}-${sent.spanContext().spanId}-01`);

    // Round-tripped through JSON, as BullMQ stores job data.
    const received = contextFromTraceCarrier(JSON.parse(JSON.stringify(carrier)) as typeof carrier);
    const processed = tracer.startSpan('process', {}, received);
    processed.end();
    const spans = exporter.getFinishedSpans();
    const child = spans.find((s) => s.name === 'process');
    expect(child?.spanContext().traceId).toBe(sent.spanContext().traceId);
    expect(child?.parentSpanContext?.spanId).toBe(sent.spanContext().spanId);
  });

  it('runs work outside any span as it is, with no span made', async () => {
    exporter.reset();
    await expect(inChildSpan('db op', {}, (span) => Promise.resolve(span))).resolves.toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('makes a child of the active span, recording a failure without any token in its message', async () => {
    exporter.reset();
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OkFCQ0RFRkdISUpL';
    await tracer.startActiveSpan('job', async (job) => {
      await expect(
        inChildSpan('discord POST /interactions/:id/:token/callback', { 'url.template': 'x' }, () =>
          Promise.reject(new Error(`POST /interactions/123456789012345678/${token}/callback → 404`)),
        ),
      ).rejects.toThrow();
      job.end();
    });
    const [child, parent] = exporter.getFinishedSpans();
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(child?.status.code).toBe(2); // ERROR
    expect(JSON.stringify(child?.events)).not.toContain(token);
    expect(child?.status.message).toContain('/interactions/123456789012345678/[Redacted]/callback');
  });

  it('starts a trace of its own for a job without a carrier', () => {
    const parent = tracer.startSpan('unrelated');
    context.with(trace.setSpan(context.active(), parent), () => {
      const span = tracer.startSpan('process', {}, contextFromTraceCarrier(undefined));
      expect(span.spanContext().traceId).not.toBe(parent.spanContext().traceId);
      span.end();
    });
    parent.end();
  });
});

describe('samplerFor', () => {
  const traceId = 'ffffffffffffffffffffffffffffffff';
  const decide = (name: Parameters<typeof samplerFor>[0], ratio: number) =>
    samplerFor(name, ratio).shouldSample(context.active(), traceId, 'x', 0, {}, []).decision;

  it('keeps what always_on keeps and drops what always_off drops', () => {
    expect(decide('always_on', 0)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('always_off', 1)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('applies the ratio to new traces', () => {
    expect(decide('traceidratio', 0)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('traceidratio', 1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('parentbased_traceidratio', 0)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('parentbased_traceidratio', 1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
