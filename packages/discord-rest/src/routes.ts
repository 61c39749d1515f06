/** The HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One Discord REST call's address. Routes are built from their parts rather than parsed from a URL, so the
 * template that labels metrics, logs and errors never has a token in it to scrub.
 */
export interface DiscordRoute {
  readonly method: HttpMethod;
  /** The path under `/api/v{n}`, ids and tokens included: sent, never logged. */
  readonly path: string;
  /** The query string without `?`, or `''`. */
  readonly query: string;
  /** `/channels/:id/messages`: what metrics, logs and errors name. */
  readonly template: string;
  /**
   * Discord's major parameter: the top-level resource a per-route bucket is kept per (a channel, a guild,
   * an interaction webhook's id and token). It can hold a token, so it stays in memory and is never logged.
   */
  readonly majorParameter: string;
  /**
   * Interaction callbacks and interaction webhooks: sent without `Authorization`, exempt from the global
   * limit (Discord's rule), and the only requests still sent once the invalid-request budget runs low (a user
   * is waiting on them).
   */
  readonly interaction: boolean;
}

const SNOWFLAKE = /^\d{1,20}$/;

// An id that is not a snowflake would change the path (a `/` in it) or defeat bucketing; either way it is a
// bug in the caller, not something Discord should see.
function id(name: string, value: string): string {
  if (!SNOWFLAKE.test(value))
    throw new TypeError(`${name} must be a snowflake, got ${JSON.stringify(value)}`);
  return value;
}

// Tokens come from Discord and are URL-safe already; encoding makes a malformed one unable to escape its
// path segment.
function token(value: string): string {
  if (value === '') throw new TypeError('an interaction token must not be empty');
  return encodeURIComponent(value);
}

/** Builders for the routes the workers call, one per Discord endpoint. */
export const Routes = {
  /** `POST /interactions/{id}/{token}/callback`: the acknowledgement (type 4 or 5). */
  interactionCallback(interactionId: string, interactionToken: string): DiscordRoute {
    const i = id('interactionId', interactionId);
    return {
      method: 'POST',
      path: `/interactions/${i}/${token(interactionToken)}/callback`,
      // discord.js sends it always; an explicit `false` keeps the answer a bodiless 204.
      query: 'with_response=false',
      template: '/interactions/:id/:token/callback',
      majorParameter: i,
      interaction: true,
    };
  },

  /** `PATCH /webhooks/{application}/{token}/messages/@original`: edits the (deferred) first response. */
  originalResponse(applicationId: string, interactionToken: string): DiscordRoute {
    const major = `${id('applicationId', applicationId)}/${token(interactionToken)}`;
    return {
      method: 'PATCH',
      path: `/webhooks/${major}/messages/@original`,
      query: '',
      template: '/webhooks/:id/:token/messages/@original',
      majorParameter: major,
      interaction: true,
    };
  },

  /**
   * `GET /webhooks/{application}/{token}/messages/@original`: the first response, if there is one (10015
   * before any acknowledgement). Tells whether an interaction was acknowledged, and how.
   */
  readOriginalResponse(applicationId: string, interactionToken: string): DiscordRoute {
    return { ...Routes.originalResponse(applicationId, interactionToken), method: 'GET' };
  },

  /** `POST /webhooks/{application}/{token}?wait=true`: a follow-up message, returned. */
  followup(applicationId: string, interactionToken: string): DiscordRoute {
    const major = `${id('applicationId', applicationId)}/${token(interactionToken)}`;
    return {
      method: 'POST',
      path: `/webhooks/${major}`,
      // Without wait=true Discord answers 204 and the message id is lost; interaction follow-ups always wait.
      query: 'wait=true',
      template: '/webhooks/:id/:token',
      majorParameter: major,
      interaction: true,
    };
  },

  /** `POST /channels/{id}/messages`. */
  channelMessages(channelId: string): DiscordRoute {
    const c = id('channelId', channelId);
    return {
      method: 'POST',
      path: `/channels/${c}/messages`,
      query: '',
      template: '/channels/:id/messages',
      majorParameter: c,
      interaction: false,
    };
  },

  /** `POST /users/@me/channels`: opens (or finds) the DM channel with a user. */
  dmChannels(): DiscordRoute {
    return {
      method: 'POST',
      path: '/users/@me/channels',
      query: '',
      template: '/users/@me/channels',
      majorParameter: '@me',
      interaction: false,
    };
  },

  /** `PUT /guilds/{guild}/members/{user}/roles/{role}`. */
  memberRole(guildId: string, userId: string, roleId: string): DiscordRoute {
    const g = id('guildId', guildId);
    return {
      method: 'PUT',
      path: `/guilds/${g}/members/${id('userId', userId)}/roles/${id('roleId', roleId)}`,
      query: '',
      template: '/guilds/:id/members/:id/roles/:id',
      majorParameter: g,
      interaction: false,
    };
  },
} as const;

/** `POST /channels/:id/messages`: the route's name in metrics and errors, and its bucket's identity. */
export function routeKey(route: Pick<DiscordRoute, 'method' | 'template'>): string {
  return `${route.method} ${route.template}`;
}
