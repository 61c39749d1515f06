import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Service name, written as `name` on every line. */
  name: string;
  /** @defaultValue 'info' */
  level?: LevelWithSilent;
  /** Exact secret values (the bot token, passwords) to scrub wherever they appear, keys or messages. */
  secrets?: readonly string[];
  /** Fields added to every line (cluster id, shard id…). */
  base?: Record<string, unknown>;
  /** Where lines go. @defaultValue stdout, synchronously */
  destination?: DestinationStream;
}

const CENSOR = '[Redacted]';

// Keys whose values are secret wherever they sit in a logged object: interaction payloads carry `token`,
// HTTP requests carry `authorization`, URLs and configs carry passwords. A key matches when it ends with one
// of these words (`token`, `botToken`, `DISCORD_TOKEN`, `tokens`), not when it merely starts with one
// (`tokenCount`).
const SECRET_KEY = /(?:token|authorization|password|passwd|secret|cookie)s?$/i;

// The same rule on the serialized line, for `"key":"value"` pairs the object pass could not see.
const SECRET_FIELD =
  /"([^"\\]*?(?:token|authorization|password|passwd|secret|cookie)s?)":"(?:[^"\\]|\\.)*"/gi;
// Discord interaction tokens are URL-safe base64 of `interaction:<id>:…`: recognisable wherever they appear.
const INTERACTION_TOKEN = /aW50ZXJhY3Rpb246[A-Za-z0-9_-]+/g;
// Interaction and webhook tokens travel in URL paths: /interactions/<id>/<token>/…, /webhooks/<app>/<token>.
const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+)\/[A-Za-z0-9._-]{8,}/g;
// Passwords in connection strings: scheme://user:password@host.
const PASSWORD_IN_URL = /([a-z][a-z0-9+.-]*:\/\/[^:/@"\s]*):[^@"\s/]+@/gi;
// Discord's `Authorization: Bot <token>` header value, should it land in a message.
const BOT_HEADER = /\b(Bot|Bearer) [A-Za-z0-9._-]{16,}/g;

const MAX_DEPTH = 32;

/**
 * Copies a log object with every value under a secret key replaced, at any depth, whatever its type (a
 * token array, a nested credentials object). Cycles and very deep objects are cut, not followed.
 */
export function redactSecretKeys(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return value; // pino's err serializer runs on it; the text pass covers it
  if (seen.has(value) || depth > MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactSecretKeys(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? CENSOR : redactSecretKeys(v, depth + 1, seen);
  }
  return out;
}

/**
 * Scrubs one serialized log line. Working on the final text (rather than on known object paths) is what makes
 * redaction deep: a token nested ten levels down, inside an error message or a URL, is still caught.
 */
export function scrubSecrets(line: string, secrets: readonly string[] = []): string {
  let out = line
    .replace(SECRET_FIELD, `"$1":"${CENSOR}"`)
    .replace(INTERACTION_TOKEN, CENSOR)
    .replace(TOKEN_IN_PATH, `/$1/$2/${CENSOR}`)
    .replace(PASSWORD_IN_URL, `$1:${CENSOR}@`)
    .replace(BOT_HEADER, `$1 ${CENSOR}`);
  for (const secret of secrets) {
    // Secrets shorter than 6 characters would censor ordinary words; config rejects such tokens anyway.
    if (secret.length >= 6) {
      out = out.split(secret).join(CENSOR);
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) out = out.split(escaped).join(CENSOR);
    }
  }
  return out;
}

/** A pino JSON logger whose every line has secrets scrubbed before it is written. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = [...(options.secrets ?? [])];
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Two passes: secret keys on the object (any depth, any value type), then secret patterns and known
      // secret values on the final text (messages, stacks, URLs).
      formatters: { log: (object) => redactSecretKeys(object) as Record<string, unknown> },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      mixin: traceIdsOfActiveSpan,
      // pino's default merge copies every line's fields into the mixin's object; with no span there is
      // nothing to merge, so no copy (and the shared empty object stays empty).
      mixinMergeStrategy: (line: object, ids: object) => (ids === NO_TRACE ? line : Object.assign(ids, line)),
    },
    options.destination ?? pino.destination({ sync: true }),
  );
}

const NO_TRACE = Object.freeze({});

/**
 * `trace_id` and `span_id` of the span active where the line is written, so a log line leads to its trace;
 * nothing when no span is (tracing off: OpenTelemetry's API then has no context to look in, and answers at
 * once). `trace_flags` says whether the trace was sampled, i.e. whether a collector has it.
 */
export function traceIdsOfActiveSpan(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return NO_TRACE;
  const ids = span.spanContext();
  if (!isSpanContextValid(ids)) return NO_TRACE;
  return {
    trace_id: ids.traceId,
    span_id: ids.spanId,
    trace_flags: `0${ids.traceFlags.toString(16)}`.slice(-2),
  };
}
