import type { IncomingHttpHeaders } from 'node:http';
import { request as undiciRequest } from 'undici';
import type { RestMetrics } from './restMetrics.js';
import { DiscordUnavailableError, toNetworkError } from './discordErrors.js';
import type { ResponseHeaders } from './rateLimitHeaders.js';
import type { DiscordRoute } from './routes.js';

/** An answer below 500: the body parsed when it is JSON, the text otherwise, undefined when empty. */
export interface DiscordAnswer {
  status: number;
  headers: ResponseHeaders;
  body: unknown;
}

export interface DiscordRequest {
  url: string;
  route: DiscordRoute;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * One HTTP exchange, for the breaker to run: 5xx and network failures throw (they count against the
 * breaker); every other answer is returned for the caller to judge. The body is read under the same signal,
 * so a timeout also covers a response that stalls halfway.
 *
 * Sent with undici's `request` (keep-alive connections from its global agent) rather than `fetch`: fetch
 * builds WHATWG Request, Response, Headers and streams around the same client, and measured as the largest
 * single cost in a worker's profile (about a tenth of its CPU) for nothing this needs.
 */
export async function fetchDiscord(
  request: DiscordRequest,
  signal: AbortSignal,
  metrics: RestMetrics | undefined,
): Promise<DiscordAnswer> {
  const { route } = request;
  const startedAt = performance.now();
  let status = 'error';
  try {
    const response = await undiciRequest(request.url, {
      method: route.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    status = String(response.statusCode);
    const headers = headerReader(response.headers);
    const body = readBody(await response.body.text(), headers);
    if (response.statusCode >= 500) throw new DiscordUnavailableError(route, { status: response.statusCode });
    return { status: response.statusCode, headers, body };
  } catch (error) {
    if (error instanceof DiscordUnavailableError) throw error;
    if (signal.aborted) {
      status = 'timeout';
      throw signal.reason;
    }
    throw toNetworkError(route, error);
  } finally {
    const labels = { method: route.method, route: route.template };
    metrics?.requests.inc({ ...labels, status });
    metrics?.duration.observe(labels, (performance.now() - startedAt) / 1000);
  }
}

function readBody(text: string, headers: ResponseHeaders): unknown {
  if (text === '') return undefined;
  if (!(headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Node's parsed headers (lower-case names; a repeated header as an array, joined as `Headers` would). */
export function headerReader(raw: IncomingHttpHeaders): ResponseHeaders {
  const value = (name: string) => raw[name.toLowerCase()];
  return {
    get: (name) => {
      const v = value(name);
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    has: (name) => value(name) !== undefined,
  };
}
