import type { GatewayBotInfo } from '../gateway/gatewayServer.js';
import type { SimState } from '../world/simState.js';
import type { BucketName } from './bucketLimits.js';
import type { SharedLimitName } from './sharedRateLimits.js';

export type Params = Record<string, string | undefined>;

/** What REST tells a bot about the gateway: its URL (`GET /gateway`) and how to shard (`GET /gateway/bot`). */
export interface GatewayDirectory {
  readonly url: string;
  botInfo(): GatewayBotInfo;
}

export interface RestContext {
  method: string;
  state: SimState;
  gateway: GatewayDirectory;
  params: Params;
  query: URLSearchParams | undefined;
  body: unknown;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under `/api/v10`, in find-my-way syntax. */
  template: string;
  /** `none` for interaction callbacks and interaction webhooks, which carry no Authorization header. */
  auth: 'bot' | 'none';
  /** Counted against the global limit (interaction routes are exempt). */
  global: boolean;
  bucket: BucketName;
  /** The top-level resource the bucket is keyed by (Discord's "major parameter"). */
  major: (params: Params) => string;
  /** A limit on the resource itself (scope `shared`), keyed by the same major parameter. */
  shared?: SharedLimitName;
  handle: (ctx: RestContext) => RestResult;
}

export const ok = (body: unknown): RestResult => ({ status: 200, body });
export const noContent: RestResult = { status: 204 };
/** A path parameter, '' when absent. */
export const p = (params: Params, name: string): string => params[name] ?? '';

/** Lets a handler throw where an expression is expected: `population.guild(id) ?? throwError(...)`. */
export function throwError(error: Error): never {
  throw error;
}
