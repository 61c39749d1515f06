import type { DiscordRequest } from './fetchDiscord.js';
import type { DiscordRoute } from './routes.js';

/** What goes into one request besides its route. */
export interface RequestParts {
  body?: unknown;
  headers?: Record<string, string>;
}

/** Where and as whom requests go. */
export interface RequestTarget {
  apiUrl: string;
  version: number;
  token: string;
}

// Discord asks every bot to identify itself this way, and may refuse requests that do not.
const USER_AGENT = 'DiscordBot (https://github.com/droas/droas, 0.1.0)';

/** The URL, headers and JSON body of one request. */
export function buildRequest(
  route: DiscordRoute,
  parts: RequestParts,
  target: RequestTarget,
): DiscordRequest {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...parts.headers };
  // Interaction routes are authorised by the token in their path; Discord wants no bot token on them.
  if (!route.interaction) headers['authorization'] = `Bot ${target.token}`;
  let body: string | undefined;
  if (parts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(parts.body);
  }
  const query = route.query === '' ? '' : `?${route.query}`;
  return { url: `${target.apiUrl}/v${target.version}${route.path}${query}`, route, headers, body };
}
