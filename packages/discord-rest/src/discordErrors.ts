import { PermanentError, ResilienceError } from '@droas/resilience';
import { routeKey, type DiscordRoute } from './routes.js';

/** The Discord JSON error codes a worker acts on. */
export const DiscordErrorCode = {
  UnknownChannel: 10003,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownRole: 10011,
  UnknownWebhook: 10015,
  /** The interaction was not acknowledged within 3 s, or never existed. */
  UnknownInteraction: 10062,
  /** A second callback: the gateway's guard deferred first, so the worker edits the original instead. */
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  CannotSendMessagesToUser: 50007,
  MissingPermissions: 50013,
  /** The interaction token is older than 15 minutes. */
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
} as const;

type Route = Pick<DiscordRoute, 'method' | 'template'>;

/**
 * Discord answered 4xx (other than 429): the request itself is wrong, and sending it again will not change
 * the answer. A {@link PermanentError}, so the job fails without retries and the breaker does not count it.
 * The name carries Discord's code (`DiscordApiError[40060]`), or the status when Discord gave none.
 */
export class DiscordApiError extends PermanentError {
  /** Discord's JSON `code`; undefined when the body had none (a proxy's answer). */
  readonly discordCode: number | undefined;
  readonly method: string;
  /** The route template: never a path, which would carry ids and tokens. */
  readonly template: string;
  /** Discord's per-field `errors` of a 50035, to say which field was refused. */
  readonly fieldErrors: unknown;

  constructor(status: number, body: unknown, route: Route) {
    const json = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const discordCode = typeof json['code'] === 'number' ? json['code'] : undefined;
    const text = typeof json['message'] === 'string' ? json['message'] : `HTTP ${status}`;
    // Code 0 is Discord's "general error" (a bad bot token's 401): the status says more.
    const code = discordCode === undefined || discordCode === 0 ? String(status) : String(discordCode);
    super({ code, message: `${routeKey(route)} → ${status}: ${text}`, status, route: routeKey(route) });
    this.name = `DiscordApiError[${code}]`;
    this.discordCode = discordCode;
    this.method = route.method;
    this.template = route.template;
    this.fieldErrors = json['errors'];
  }
}

/**
 * Discord did not answer usefully: a 5xx, or no answer at all (connection refused or reset). Transient, so
 * retried with backoff, and counted by the breaker. The code is the status or the network error's code
 * (`DiscordUnavailableError[502]`, `DiscordUnavailableError[ECONNREFUSED]`).
 */
export class DiscordUnavailableError extends ResilienceError {
  readonly method: string;
  readonly template: string;

  constructor(route: Route, failure: { status: number } | { networkCode: string; detail: string }) {
    const code = 'status' in failure ? String(failure.status) : failure.networkCode;
    const detail = 'status' in failure ? `${failure.status}` : failure.detail;
    super('DiscordUnavailableError', code, `${routeKey(route)} failed: ${detail}`, {
      ...('status' in failure ? { status: failure.status } : {}),
      route: routeKey(route),
    });
    this.method = route.method;
    this.template = route.template;
  }
}

/**
 * The call's `sendBy` time passed before its request could go (a slow Redis read before it, a busy process):
 * it was not sent, so Discord never saw it. For a request whose deadline is Discord's own (an interaction's
 * acknowledgement), going late could only be refused, and would be counted against the bot as a late answer.
 */
export class SendDeadlinePassedError extends ResilienceError {
  /** How far past its send-by time the call was when it was stopped. */
  readonly lateByMs: number;

  constructor(route: Route, lateByMs: number) {
    super(
      'SendDeadlinePassedError',
      'DEADLINE',
      `${routeKey(route)} not sent: ${lateByMs} ms past its send-by time`,
      {
        route: routeKey(route),
      },
    );
    this.lateByMs = lateByMs;
  }
}

/**
 * Wraps a failed exchange: a socket error with its own `code` (`ECONNREFUSED`, undici's `UND_ERR_SOCKET`), or
 * one carrying it as `cause` (`fetch`'s `TypeError('fetch failed')`). Only the error's code and message are
 * kept, not the error itself, so nothing of the request can ride along.
 */
export function toNetworkError(route: Route, error: unknown): DiscordUnavailableError {
  const cause = error instanceof Error ? error.cause : undefined;
  const codeOf = (e: unknown) =>
    typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const code = codeOf(cause) ?? codeOf(error);
  const networkCode = typeof code === 'string' ? code : 'NETWORK';
  const message = error instanceof Error ? error.message : String(error);
  const causeMessage = cause instanceof Error ? `: ${cause.message}` : '';
  return new DiscordUnavailableError(route, { networkCode, detail: `${message}${causeMessage}` });
}

/** Whether `error` is Discord's answer with one of `codes` (any code when none is given). */
export function isDiscordApiError(error: unknown, ...codes: number[]): error is DiscordApiError {
  if (!(error instanceof DiscordApiError)) return false;
  return codes.length === 0 || (error.discordCode !== undefined && codes.includes(error.discordCode));
}
