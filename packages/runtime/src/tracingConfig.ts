import { z } from 'zod';
import { env } from './config.js';

/** The samplers of the OpenTelemetry specification's OTEL_TRACES_SAMPLER, by their standard names. */
export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/** One of {@link TRACE_SAMPLERS}. */
export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

/**
 * The standard OpenTelemetry variables this project reads, for an app's config shape (spread it in, like the
 * acknowledgement timings). Tracing is off unless an endpoint is set; an empty variable counts as unset.
 * The exporter reads the transport's own variables itself (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, the TLS
 * files), so a collector behind authentication works without a variable here.
 */
export const tracingEnvShape = {
  /** A collector's OTLP/HTTP base URL; spans go to `<it>/v1/traces`. Unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: env.url(['http', 'https']).optional(),
  /** The full URL spans are posted to, used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.url(['http', 'https']).optional(),
  /** Only JSON over HTTP is sent; the variable is read so that asking for another protocol fails loudly. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/json'], { error: 'expected http/json (the only OTLP protocol DROAS sends)' })
    .optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z
    .enum(['http/json'], { error: 'expected http/json (the only OTLP protocol DROAS sends)' })
    .optional(),
  /** @defaultValue the process's own name (droas-worker, droas-gateway) */
  OTEL_SERVICE_NAME: env
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, { error: 'expected 1-128 printable characters without spaces' })
    .optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(TRACE_SAMPLERS, { error: `expected one of ${TRACE_SAMPLERS.join(', ')}` })
    .default('parentbased_always_on'),
  /** The ratio of traces kept by the `traceidratio` samplers; other samplers ignore it. @defaultValue 1 */
  OTEL_TRACES_SAMPLER_ARG: env.number(0, 1).optional(),
};

type TracingEnv = z.infer<z.ZodObject<typeof tracingEnvShape>>;

/** What {@link startTracing} needs: where spans go, what this process is called, and how many are kept. */
export interface TracingOptions {
  /** The OTLP/HTTP URL spans are posted to (JSON). */
  tracesUrl: string;
  serviceName: string;
  sampler: TraceSamplerName;
  /** For the `traceidratio` samplers: the share of new traces kept, 0 to 1. */
  ratio: number;
}

/**
 * The tracing an app's parsed config asks for, or undefined when no endpoint is set (tracing off). The
 * endpoint variable is a base URL, as the specification defines it; the signal-specific one is taken as is.
 */
export function tracingOptionsFromConfig(
  config: TracingEnv,
  defaultServiceName: string,
): TracingOptions | undefined {
  const tracesUrl =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
      ? undefined
      : `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  if (tracesUrl === undefined) return undefined;
  return {
    tracesUrl,
    serviceName: config.OTEL_SERVICE_NAME ?? defaultServiceName,
    sampler: config.OTEL_TRACES_SAMPLER,
    ratio: config.OTEL_TRACES_SAMPLER_ARG ?? 1,
  };
}
