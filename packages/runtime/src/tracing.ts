import { randomUUID } from 'node:crypto';
import {
  context,
  diag,
  DiagLogLevel,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import { scrubSecrets } from './logger.js';
import type { TraceSamplerName, TracingOptions } from './tracingConfig.js';

/** This process's tracing: a tracer when it is on, and the flush that ends it. */
export interface Tracing {
  /**
   * Where this process's spans start; undefined when tracing is off, so callers skip span work entirely
   * rather than build spans nobody records.
   */
  readonly tracer: Tracer | undefined;
  /**
   * Exports what is buffered and stops; idempotent, and never rejects (a collector that is away costs the
   * last spans, not a clean exit). Register it with `Shutdown` before anything traced, so it runs last.
   */
  stop(): Promise<void>;
}

/** A W3C trace context as a job carries it (contracts' `TraceCarrier`). */
export interface TraceContextCarrier {
  traceparent: string;
  tracestate?: string;
}

const TRACER_NAME = 'droas';
// The queue's propagation, used directly rather than installed globally: a job carries W3C trace context
// whatever else the process might propagate.
const W3C = new W3CTraceContextPropagator();

/**
 * Starts tracing for this process, or nothing when `options` is undefined (no endpoint configured): then no
 * provider, context manager or propagator is installed, and OpenTelemetry's API stays the no-op it is by
 * default. On: spans are batched and posted as OTLP/HTTP JSON; the async-hooks context manager carries the
 * active span across awaits (and into log lines, see `createLogger`); W3C trace context crosses the queue
 * ({@link traceCarrierFrom}, {@link contextFromTraceCarrier}).
 */
export function startTracing(options: TracingOptions | undefined, logger: Logger): Tracing {
  if (options === undefined) return { tracer: undefined, stop: () => Promise.resolve() };
  // The SDK reports what goes wrong (a collector that refuses or is away) through its diagnostic logger,
  // silent unless one is set: one warning per failed export batch, never per span.
  diag.setLogger(
    {
      error: (message, ...args) => logger.warn({ otel: args }, `tracing: ${message}`),
      warn: (message, ...args) => logger.warn({ otel: args }, `tracing: ${message}`),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.instance.id': randomUUID(),
    }),
    sampler: samplerFor(options.sampler, options.ratio),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: options.tracesUrl }))],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  let stopping: Promise<void> | undefined;
  return {
    tracer: provider.getTracer(TRACER_NAME),
    stop: () =>
      (stopping ??= provider
        .shutdown()
        // Spans a collector would not take are lost, and said so; the shutdown itself stays clean.
        .catch((error: unknown) => logger.warn({ err: error }, 'tracing: the last spans were not exported'))
        .finally(() => {
          trace.disable();
          context.disable();
          diag.disable();
        })),
  };
}

/** The sampler OTEL_TRACES_SAMPLER names, as the specification defines each. */
export function samplerFor(name: TraceSamplerName, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/** The trace context of `ctx` (the active one by default), to put on a job; undefined when there is none. */
export function traceCarrierFrom(ctx: Context = context.active()): TraceContextCarrier | undefined {
  const carrier: Partial<TraceContextCarrier> = {};
  W3C.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent === undefined ? undefined : (carrier as TraceContextCarrier);
}

/** The context a job's carrier continues (its span as remote parent); the root context without one. */
export function contextFromTraceCarrier(carrier: TraceContextCarrier | undefined): Context {
  // From the root, not the active context: a job belongs to the trace that enqueued it, not to whatever the
  // worker's loop happened to be doing.
  return carrier === undefined ? ROOT_CONTEXT : W3C.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

/**
 * Runs `work` in a child span of the active span, recording a throw on it. Free where nothing is traced: with
 * tracing off, outside a traced job, or in a trace the sampler dropped, `work` runs as it is, given no span
 * (not even a promise of its own).
 */
export function inChildSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  // An unsampled trace (a ratio sampler said no) records nothing, so its children need not exist either.
  if (trace.getActiveSpan()?.isRecording() !== true) return work(undefined);
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Marks `span` failed with `error`'s name and message (an exception event, without the stack's cost). The
 * message is scrubbed as log lines are: a REST error may name a route, and a route may hold a token.
 */
export function recordFailure(span: Span, error: unknown): void {
  const message = scrubSecrets(error instanceof Error ? error.message : String(error));
  const exception = error instanceof Error ? { name: error.name, message } : { message };
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}
