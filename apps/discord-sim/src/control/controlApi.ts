import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import { z } from 'zod';
import type { ExplicitOption } from '../world/buildInteraction.js';
import type { FaultInjector } from '../rest/faultInjector.js';
import type { GlobalRateLimit } from '../rest/globalRateLimit.js';
import type { InvalidRequestBudget } from '../rest/invalidRequestBudget.js';
import type { GuildRecord } from '../world/population.js';
import type { RouteBuckets } from '../rest/routeBuckets.js';
import type { GatewayServer } from '../gateway/gatewayServer.js';
import { SimRequestError } from '../world/simRequestError.js';
import type { SimState } from '../world/simState.js';
import { ControlError } from './controlError.js';
import type { TrafficGenerators } from './trafficGenerators.js';

export interface ControlApiDeps {
  state: SimState;
  gateway: GatewayServer;
  faults: FaultInjector;
  generators: TrafficGenerators;
  buckets: RouteBuckets;
  globalLimit: GlobalRateLimit;
  invalidBudget: InvalidRequestBudget;
}

type Handler = (ctx: {
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: unknown;
}) => unknown;

const snowflake = z.string().regex(/^\d{17,20}$/, { error: 'expected a snowflake (17–20 digits)' });
const optionValue = z.union([z.string(), z.number(), z.boolean()]);
const explicitOption: z.ZodType<ExplicitOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: optionValue.optional(),
    options: z.array(explicitOption).max(25).optional(),
  }),
);

/** Field name → JSON text; `__proto__` is refused, as zod would drop it and the caller would never know. */
const jsonFragments = z.preprocess(
  (value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__'))
      ctx.issues.push({ code: 'custom', message: 'a field named __proto__ cannot be spliced', input: value });
    return value;
  },
  z.record(z.string(), z.string()),
);

const interaction = z.object({
  guildId: snowflake,
  userId: snowflake,
  command: z.string().min(1).max(32),
  options: z.union([z.record(z.string(), optionValue), z.array(explicitOption)]).optional(),
  channelId: snowflake.optional(),
  locale: z.string().optional(),
  permissions: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'expected a permission bitfield (decimal digits)' })
    .optional(),
});

const schemas = {
  seed: z.object({
    count: z.number().int().min(1).max(100_000),
    membersPerGuild: z.number().int().min(1).max(1_000_000).optional(),
    channelsPerGuild: z.number().int().min(1).max(500).optional(),
    rolesPerGuild: z.number().int().min(0).max(250).optional(),
    users: z.number().int().min(1).max(100_000_000).optional(),
    /** How many member ids to list per guild in the answer. */
    memberIdsPerGuild: z.number().int().min(0).max(1000).optional(),
  }),
  interaction,
  // The command name is the caller's to break too (empty, 50 kB, `constructor`); the rest stays well-formed.
  rawInteraction: interaction.extend({
    command: z.string(),
    json: jsonFragments.optional(),
    dataJson: jsonFragments.optional(),
  }),
  memberJoin: z.object({ guildId: snowflake, userId: snowflake.optional() }),
  channelAccess: z.object({ access: z.enum(['ok', 'missingAccess', 'missingPermissions']) }),
  userDms: z.object({ refusesDms: z.boolean() }),
  fault: z.object({
    kind: z.enum(['rateLimit', 'serverError', 'latency', 'timeout']),
    route: z.string().optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().min(1).optional(),
    status: z.number().int().min(500).max(599).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    retryAfterMs: z.number().int().min(1).optional(),
  }),
  gatewayFault: z.object({
    shardId: z.number().int().min(0),
    shardCount: z.number().int().min(1).optional(),
    action: z.enum(['drop', 'reconnect', 'invalidate', 'stopHeartbeatAcks', 'resumeHeartbeatAcks']),
    closeCode: z.number().int().min(1000).max(4999).optional(),
    resumeDelayMs: z.number().int().min(0).max(600_000).optional(),
    resumable: z.boolean().optional(),
  }),
  generator: z.object({
    kind: z.enum(['interactions', 'joins', 'raid']),
    ratePerSec: z.number().min(0).max(1_000_000),
    toRatePerSec: z.number().min(0).max(1_000_000).optional(),
    durationMs: z.number().int().min(1).max(86_400_000).optional(),
    count: z.number().int().min(1).optional(),
    guildId: snowflake.optional(),
    commands: z
      .array(
        z.object({
          command: z.string().min(1),
          options: z.record(z.string(), optionValue).optional(),
          weight: z.number().positive().optional(),
        }),
      )
      .min(1)
      .optional(),
    seed: z.number().int().optional(),
  }),
};

/** The control API under `/_sim` (documented in the README): seed, dispatch, generate, inject faults, read back. */
export class ControlApi {
  readonly #router = Router();

  constructor(private readonly deps: ControlApiDeps) {
    const { state, faults, generators } = deps;
    const on = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler): void => {
      this.#router.on(method, `/_sim${path}`, () => undefined, handler);
    };
    on('POST', '/reset', () => {
      this.reset();
      return { ok: true };
    });
    on('POST', '/guilds', ({ body }) => {
      const spec = schemas.seed.parse(body);
      const added = state.population.seed(stripUndefined(spec));
      return {
        guilds: added.map((g) => this.#guildSummary(g, spec.memberIdsPerGuild ?? 10)),
        userCount: state.population.userCount,
      };
    });
    on('GET', '/guilds', ({ query }) => {
      const offset = Number(query.get('offset') ?? 0);
      const limit = Math.min(Number(query.get('limit') ?? 100), 10_000);
      return {
        total: state.population.guildCount,
        guilds: state.population
          .guilds()
          .slice(offset, offset + limit)
          .map((g) => this.#guildSummary(g, 0)),
      };
    });
    on('GET', '/guilds/:guildId', ({ params }) => this.#guildSummary(this.#guild(params.guildId), 10));
    on('GET', '/guilds/:guildId/members', ({ params, query }) => {
      const guild = this.#guild(params.guildId);
      const offset = Number(query.get('offset') ?? 0);
      const limit = Math.min(Number(query.get('limit') ?? 100), 10_000);
      return {
        total: state.population.memberCount(guild),
        memberIds: state.population.memberIds(guild, offset, limit),
      };
    });
    on('POST', '/interactions', ({ body }) =>
      state.dispatchInteraction(stripUndefined(schemas.interaction.parse(body))),
    );
    on('POST', '/interactions/raw', ({ body }) =>
      state.dispatchRawInteraction(stripUndefined(schemas.rawInteraction.parse(body))),
    );
    on('GET', '/interactions', ({ query }) => ({
      interactions: state.ledger.recent(Number(query.get('limit') ?? 100)),
    }));
    on('GET', '/interactions/:id', ({ params }) => {
      const entry = state.ledger.get(params.id ?? '');
      if (!entry) throw new ControlError(404, `unknown interaction ${params.id}`);
      return entry.timeline;
    });
    on('POST', '/member-joins', ({ body }) => {
      const { guildId, userId } = schemas.memberJoin.parse(body);
      return state.memberJoin(guildId, userId);
    });
    on('GET', '/channels/:channelId/messages', ({ params }) => ({
      messages: state.messages.list(params.channelId ?? '').map((r) => ({ ...r.message, pings: r.pings })),
    }));
    on('PUT', '/channels/:channelId/access', ({ params, body }) => {
      const { access } = schemas.channelAccess.parse(body);
      state.population.setChannelAccess(params.channelId ?? '', access);
      return { channelId: params.channelId, access };
    });
    on('PUT', '/users/:userId/dms', ({ params, body }) => {
      const { refusesDms } = schemas.userDms.parse(body);
      state.population.setRefusesDms(params.userId ?? '', refusesDms);
      return { userId: params.userId, refusesDms };
    });
    on('GET', '/stats', () => state.stats.toJSON());
    on('GET', '/commands', ({ query }) => ({ commands: state.commands.list(query.get('guildId')) }));
    on('GET', '/sessions', () => ({ sessions: deps.gateway.sessionsInfo() }));
    on('POST', '/faults', ({ body }) => faults.add(stripUndefined(schemas.fault.parse(body))));
    on('GET', '/faults', () => ({ faults: faults.list() }));
    on('DELETE', '/faults', () => {
      faults.clear();
      return { ok: true };
    });
    on('DELETE', '/faults/:id', ({ params }) => ({ removed: faults.remove(params.id ?? '') }));
    on('POST', '/gateway/faults', ({ body }) => {
      const { shardId, shardCount, ...fault } = schemas.gatewayFault.parse(body);
      return {
        affected: deps.gateway.injectFault(shardId, shardCount, stripUndefined(fault)),
      };
    });
    on('POST', '/generators', ({ body }) => {
      try {
        return generators.start(stripUndefined(schemas.generator.parse(body)));
      } catch (error) {
        if (error instanceof RangeError) throw new ControlError(400, error.message);
        throw error;
      }
    });
    on('GET', '/generators', () => ({ generators: generators.list() }));
    on(
      'GET',
      '/generators/:id',
      ({ params }) => generators.get(params.id ?? '') ?? notFound(`generator ${params.id}`),
    );
    on(
      'DELETE',
      '/generators/:id',
      ({ params }) => generators.stop(params.id ?? '') ?? notFound(`generator ${params.id}`),
    );
  }

  /** Back to an empty Discord: no guilds, sessions, messages, interactions, faults, generators or counters. */
  reset(): void {
    const { state, faults, generators, buckets, globalLimit, invalidBudget } = this.deps;
    generators.reset();
    faults.clear();
    buckets.reset();
    globalLimit.reset();
    invalidBudget.reset();
    state.reset();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const found = this.#router.find(req.method as 'GET', q === -1 ? url : url.slice(0, q));
      if (!found) return reply(res, 404, { message: `no control route ${req.method} ${url}` });
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body: unknown = raw.length === 0 ? undefined : JSON.parse(raw);
        const handler = found.store as Handler;
        reply(
          res,
          200,
          handler({
            params: found.params,
            query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
            body,
          }),
        );
      } catch (error) {
        if (error instanceof ControlError) return reply(res, error.status, { message: error.message });
        if (error instanceof SimRequestError)
          return reply(res, error.reason === 'unknown' ? 404 : 400, { message: error.message });
        if (error instanceof z.ZodError)
          return reply(res, 400, { message: 'invalid request', issues: error.issues });
        if (error instanceof SyntaxError)
          return reply(res, 400, { message: `invalid JSON: ${error.message}` });
        reply(res, 500, { message: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  #guild(id: string | undefined): GuildRecord {
    const guild = this.deps.state.population.guild(id ?? '');
    if (!guild) throw new ControlError(404, `unknown guild ${id}`);
    return guild;
  }

  #guildSummary(g: GuildRecord, memberIds: number): Record<string, unknown> {
    const { population } = this.deps.state;
    return {
      id: g.id,
      name: g.name,
      channelIds: population.channelIds(g),
      roleIds: population.roleIds(g),
      memberCount: population.memberCount(g),
      memberIds: population.memberIds(g, 0, memberIds),
    };
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function notFound(what: string): never {
  throw new ControlError(404, `unknown ${what}`);
}

/** zod gives `key: undefined` for absent optionals; `exactOptionalPropertyTypes` wants the key gone. */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

function stripUndefined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}
