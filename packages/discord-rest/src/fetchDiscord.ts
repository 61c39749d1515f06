import type { RestMetrics } from './restMetrics.js';
import { DiscordUnavailableError, toNetworkError } from './discordErrors.js';
import type { DiscordRoute } from './routes.js';

/** An answer below 500: the body parsed when it is JSON, the text otherwise, undefined when empty. */
export interface DiscordAnswer {
  status: number;
  headers: Headers;
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
    const response = await fetch(request.url, {
      method: route.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    status = String(response.status);
    const body = await readBody(response);
    if (response.status >= 500) throw new DiscordUnavailableError(route, { status: response.status });
    return { status: response.status, headers: response.headers, body };
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

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
