import type { z } from 'zod';
import type { GatewayServer } from '../gateway/gatewayServer.js';
import type { FaultInjector } from '../rest/faultInjector.js';
import type { GlobalRateLimit } from '../rest/globalRateLimit.js';
import type { InvalidRequestBudget } from '../rest/invalidRequestBudget.js';
import type { RouteBuckets } from '../rest/routeBuckets.js';
import type { SharedRateLimits } from '../rest/sharedRateLimits.js';
import type { SimState } from '../world/simState.js';
import { stripUndefined, type Defined } from './stripUndefined.js';
import type { TrafficGenerators } from './trafficGenerators.js';

/** The parts of the simulator the control API reads, drives and resets. */
export interface ControlApiDeps {
  state: SimState;
  gateway: GatewayServer;
  faults: FaultInjector;
  generators: TrafficGenerators;
  buckets: RouteBuckets;
  globalLimit: GlobalRateLimit;
  invalidBudget: InvalidRequestBudget;
  sharedLimits: SharedRateLimits;
}

export type ControlMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ControlContext<Body> {
  deps: ControlApiDeps;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: Body;
}

/** One row of the control API's table; rows of every body shape fit one list. */
export interface ControlRoute {
  method: ControlMethod;
  /** Path under `/_sim`, in find-my-way syntax. */
  path: string;
  /** Schema of the JSON body; a body it refuses is a 400 with zod's `issues`. None: the body is ignored. */
  body: z.ZodType | undefined;
  /** Parses the body with `body`, then runs the handler; what it returns is the 200 answer. */
  run: (ctx: ControlContext<unknown>) => unknown;
}

type ParsedBody<S> = S extends z.ZodType ? Defined<z.output<S>> : undefined;

interface RouteSpec<S extends z.ZodType | undefined> {
  method: ControlMethod;
  path: string;
  body?: S;
  handle: (ctx: ControlContext<ParsedBody<S>>) => unknown;
}

/** A table row whose handler sees the body as its schema parsed it, absent optional fields dropped. */
export function controlRoute<S extends z.ZodType | undefined = undefined>(spec: RouteSpec<S>): ControlRoute {
  const { method, path, body, handle } = spec;
  return {
    method,
    path,
    body,
    run: (ctx) => handle({ ...ctx, body: parseBody(body, ctx.body) as ParsedBody<S> }),
  };
}

function parseBody(schema: z.ZodType | undefined, raw: unknown): unknown {
  if (schema === undefined) return undefined;
  const parsed: unknown = schema.parse(raw);
  return typeof parsed === 'object' && parsed !== null ? stripUndefined(parsed) : parsed;
}
