import { z } from 'zod';
import { expecting } from './expecting.js';

/**
 * The W3C Trace Context of the span that enqueued a job (https://www.w3.org/TR/trace-context/), so the
 * worker's span for the job continues the gateway's trace. Present only when the gateway traces; a job
 * without it (tracing off, or enqueued by an older gateway) is handled the same way, in a trace of its own.
 */
export interface TraceCarrier {
  /** `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`. */
  readonly traceparent: string;
  /** Vendors' entries, passed on untouched. */
  readonly tracestate?: string;
}

// Version 00 only: a later version may change the layout, and a job is no place to guess at it. All-zero ids
// are invalid by the specification.
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
/** The specification's bound on tracestate, with printable ASCII only (it is list of key=value pairs). */
export const MAX_TRACESTATE_LENGTH = 512;

/** The zod schema of {@link TraceCarrier}, the optional `trace` field of every job. */
export const traceCarrierSchema: z.ZodType<TraceCarrier> = z.strictObject(
  {
    traceparent: z
      .string(expecting('a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)'))
      .regex(TRACEPARENT, expecting('a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)')),
    tracestate: z
      .string(expecting(`a W3C tracestate (printable ASCII, at most ${MAX_TRACESTATE_LENGTH} characters)`))
      .max(
        MAX_TRACESTATE_LENGTH,
        expecting(`a W3C tracestate (printable ASCII, at most ${MAX_TRACESTATE_LENGTH} characters)`),
      )
      .regex(
        /^[\x20-\x7e]*$/,
        expecting(`a W3C tracestate (printable ASCII, at most ${MAX_TRACESTATE_LENGTH} characters)`),
      )
      .exactOptional(),
  },
  expecting('a trace context (object with traceparent)'),
);

/**
 * The trace context a queued job carries, if it carries a sound one. For the worker, which starts its span
 * before it parses the job: garbage here gives no parent, and the job's own parse then rejects it by field.
 */
export function traceCarrierOf(data: unknown): TraceCarrier | undefined {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'trace')) return undefined;
  const result = traceCarrierSchema.safeParse((data as { trace: unknown }).trace);
  return result.success ? result.data : undefined;
}
