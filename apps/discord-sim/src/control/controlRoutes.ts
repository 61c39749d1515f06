import type { GuildRecord, Population } from '../world/population.js';
import { ControlError } from './controlError.js';
import { controlRoute, type ControlRoute } from './controlRoute.js';
import { controlSchemas as schemas } from './controlSchemas.js';
import { guildSummary } from './guildSummary.js';
import { resetSimulator } from './resetSimulator.js';

/** The control API under `/_sim`, one row per route; the README's control-API table says the same in prose. */
export const controlRoutes: readonly ControlRoute[] = [
  controlRoute({
    method: 'POST',
    path: '/reset',
    handle: ({ deps }) => {
      resetSimulator(deps);
      return { ok: true };
    },
  }),
  controlRoute({
    method: 'POST',
    path: '/guilds',
    body: schemas.seed,
    handle: ({ deps: { state }, body }) => ({
      guilds: state.population
        .seed(body)
        .map((g) => guildSummary(state.population, g, body.memberIdsPerGuild ?? 10)),
      userCount: state.population.userCount,
    }),
  }),
  controlRoute({
    method: 'GET',
    path: '/guilds',
    handle: ({ deps: { state }, query }) => {
      const { offset, limit } = page(query);
      return {
        total: state.population.guildCount,
        guilds: state.population
          .guilds()
          .slice(offset, offset + limit)
          .map((g) => guildSummary(state.population, g, 0)),
      };
    },
  }),
  controlRoute({
    method: 'GET',
    path: '/guilds/:guildId',
    handle: ({ deps: { state }, params }) =>
      guildSummary(state.population, knownGuild(state.population, params.guildId), 10),
  }),
  controlRoute({
    method: 'GET',
    path: '/guilds/:guildId/members',
    handle: ({ deps: { state }, params, query }) => {
      const guild = knownGuild(state.population, params.guildId);
      const { offset, limit } = page(query);
      return {
        total: state.population.memberCount(guild),
        memberIds: state.population.memberIds(guild, offset, limit),
      };
    },
  }),
  controlRoute({
    method: 'POST',
    path: '/interactions',
    body: schemas.interaction,
    handle: ({ deps: { state }, body }) => state.dispatchInteraction(body),
  }),
  controlRoute({
    method: 'POST',
    path: '/interactions/raw',
    body: schemas.rawInteraction,
    handle: ({ deps: { state }, body }) => state.dispatchRawInteraction(body),
  }),
  controlRoute({
    method: 'GET',
    path: '/interactions',
    handle: ({ deps: { state }, query }) => ({
      interactions: state.ledger.recent(Number(query.get('limit') ?? 100)),
    }),
  }),
  controlRoute({
    method: 'GET',
    path: '/answers',
    handle: ({ deps: { state }, query }) => {
      const after = Number(query.get('after') ?? 0);
      const limit = Number(query.get('limit') ?? 5000);
      if (!Number.isSafeInteger(after) || after < 0)
        throw new ControlError(400, `after: expected a non-negative integer, got ${query.get('after')}`);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 50_000)
        throw new ControlError(400, `limit: expected an integer from 1 to 50000, got ${query.get('limit')}`);
      const answers = state.ledger.answers.since(after, limit);
      return {
        answers,
        next: answers.at(-1)?.seq ?? Math.max(after, 0),
        lastSeq: state.ledger.answers.lastSeq,
      };
    },
  }),
  controlRoute({
    method: 'GET',
    path: '/interactions/:id',
    handle: ({ deps: { state }, params }) => {
      const entry = state.ledger.get(params.id ?? '');
      if (!entry) throw new ControlError(404, `unknown interaction ${params.id}`);
      return entry.timeline;
    },
  }),
  controlRoute({
    method: 'POST',
    path: '/member-joins',
    body: schemas.memberJoin,
    handle: ({ deps: { state }, body }) => state.memberJoin(body.guildId, body.userId),
  }),
  controlRoute({
    method: 'POST',
    path: '/member-leaves',
    body: schemas.memberLeave,
    handle: ({ deps: { state }, body }) => state.memberLeave(body.guildId, body.userId),
  }),
  controlRoute({
    method: 'PUT',
    path: '/guilds/:guildId/screening',
    body: schemas.screening,
    handle: ({ deps: { state }, params, body }) => state.setScreening(params.guildId ?? '', body.enabled),
  }),
  controlRoute({
    method: 'POST',
    path: '/guilds/:guildId/members/:userId/pass-screening',
    body: schemas.noBody,
    handle: ({ deps: { state }, params }) => state.passScreening(params.guildId ?? '', params.userId ?? ''),
  }),
  controlRoute({
    method: 'GET',
    path: '/channels/:channelId/messages',
    handle: ({ deps: { state }, params }) => ({
      messages: state.messages.list(params.channelId ?? '').map((r) => ({ ...r.message, pings: r.pings })),
    }),
  }),
  controlRoute({
    method: 'PUT',
    path: '/channels/:channelId/access',
    body: schemas.channelAccess,
    handle: ({ deps: { state }, params, body: { access } }) => {
      state.population.setChannelAccess(params.channelId ?? '', access);
      return { channelId: params.channelId, access };
    },
  }),
  controlRoute({
    method: 'PUT',
    path: '/users/:userId/dms',
    body: schemas.userDms,
    handle: ({ deps: { state }, params, body: { refusesDms } }) => {
      state.population.setRefusesDms(params.userId ?? '', refusesDms);
      return { userId: params.userId, refusesDms };
    },
  }),
  controlRoute({ method: 'GET', path: '/stats', handle: ({ deps }) => deps.state.stats.toJSON() }),
  controlRoute({
    method: 'GET',
    path: '/invalid-requests',
    handle: ({ deps: { invalidBudget } }) => ({
      count: invalidBudget.count,
      bannedForMs: invalidBudget.banRemainingMs(),
      banShape: invalidBudget.banShape,
    }),
  }),
  controlRoute({
    method: 'PUT',
    path: '/invalid-requests/ban-shape',
    body: schemas.invalidRequestBan,
    handle: ({ deps: { invalidBudget }, body }) => {
      invalidBudget.banShape = body.shape;
      return { banShape: body.shape };
    },
  }),
  controlRoute({
    method: 'GET',
    path: '/rate-limits/shared',
    handle: ({ deps }) => deps.sharedLimits.settings,
  }),
  controlRoute({
    method: 'PUT',
    path: '/rate-limits/shared',
    body: schemas.sharedLimits,
    handle: ({ deps, body }) => deps.sharedLimits.configure(body),
  }),
  controlRoute({
    method: 'GET',
    path: '/commands',
    handle: ({ deps: { state }, query }) => ({ commands: state.commands.list(query.get('guildId')) }),
  }),
  controlRoute({
    method: 'GET',
    path: '/sessions',
    handle: ({ deps }) => ({ sessions: deps.gateway.sessionsInfo() }),
  }),
  controlRoute({
    method: 'GET',
    path: '/identify-rules',
    handle: ({ deps }) => deps.gateway.identifyRules(),
  }),
  controlRoute({
    method: 'POST',
    path: '/faults',
    body: schemas.fault,
    handle: ({ deps, body }) => deps.faults.add(body),
  }),
  controlRoute({ method: 'GET', path: '/faults', handle: ({ deps }) => ({ faults: deps.faults.list() }) }),
  controlRoute({
    method: 'DELETE',
    path: '/faults',
    handle: ({ deps }) => {
      deps.faults.clear();
      return { ok: true };
    },
  }),
  controlRoute({
    method: 'DELETE',
    path: '/faults/:id',
    handle: ({ deps, params }) => ({ removed: deps.faults.remove(params.id ?? '') }),
  }),
  controlRoute({
    method: 'POST',
    path: '/gateway/faults',
    body: schemas.gatewayFault,
    handle: ({ deps, body: { shardId, shardCount, sessionId, ...fault } }) => ({
      affected: deps.gateway.injectFault(shardId, shardCount, fault, sessionId),
    }),
  }),
  controlRoute({
    method: 'POST',
    path: '/generators',
    body: schemas.generator,
    handle: ({ deps, body }) => {
      try {
        return deps.generators.start(body);
      } catch (error) {
        // What the generators refuse (an unknown guild, a raid without one) is the caller's to fix.
        if (error instanceof RangeError) throw new ControlError(400, error.message);
        throw error;
      }
    },
  }),
  controlRoute({
    method: 'GET',
    path: '/generators',
    handle: ({ deps }) => ({ generators: deps.generators.list() }),
  }),
  controlRoute({
    method: 'GET',
    path: '/generators/:id',
    handle: ({ deps, params }) => deps.generators.get(params.id ?? '') ?? notFound(`generator ${params.id}`),
  }),
  controlRoute({
    method: 'DELETE',
    path: '/generators/:id',
    handle: ({ deps, params }) => deps.generators.stop(params.id ?? '') ?? notFound(`generator ${params.id}`),
  }),
];

/** `?offset&limit`, the limit capped at 10,000. */
function page(query: URLSearchParams): { offset: number; limit: number } {
  return {
    offset: Number(query.get('offset') ?? 0),
    limit: Math.min(Number(query.get('limit') ?? 100), 10_000),
  };
}

function knownGuild(population: Population, id: string | undefined): GuildRecord {
  return population.guild(id ?? '') ?? notFound(`guild ${id}`);
}

function notFound(what: string): never {
  throw new ControlError(404, `unknown ${what}`);
}
