/** Counters read back through `GET /_sim/stats`. Plain numbers: they are bumped on every request and event. */
export class SimStats {
  /** Interactions dispatched (control API and generators). */
  dispatched = 0;
  memberJoins = 0;
  memberLeaves = 0;
  /** GUILD_MEMBER_UPDATE events: screening passed, roles added. */
  memberUpdates = 0;
  /** Dispatch frames sent to bots, replays included. */
  gatewayEvents = 0;
  /** Events with no session to take them (no shard connected for that guild). */
  undeliverable = 0;
  /** Events a connected shard did not get because its intents exclude them. */
  filteredByIntents = 0;
  acknowledged = 0;
  lateAcknowledgements = 0;
  doubleAcknowledgements = 0;
  expiredTokenUses = 0;
  restRequests = 0;
  rateLimited = 0;
  rateLimitedGlobal = 0;
  rateLimitedRoute = 0;
  rateLimitedInjected = 0;
  /** 429s of scope `shared` (20028, 40003): a busy resource, not held against the bot. */
  rateLimitedShared = 0;
  /** Requests refused while the invalid-request budget was spent. */
  banned = 0;
  invalidRequests = 0;
  serverErrors = 0;
  messagesCreated = 0;
  identifies = 0;
  identifyRejected = 0;
  resumes = 0;
  replayedEvents = 0;
  /** Connections closed (4009) because their client stopped heartbeating. */
  heartbeatTimeouts = 0;
  invalidSessions = 0;

  reset(): void {
    for (const key of Object.keys(this) as (keyof SimStats)[]) {
      if (typeof this[key] === 'number') (this as Record<string, unknown>)[key] = 0;
    }
  }

  toJSON(): SimStatsSnapshot {
    return {
      dispatched: this.dispatched,
      memberJoins: this.memberJoins,
      memberLeaves: this.memberLeaves,
      memberUpdates: this.memberUpdates,
      gatewayEvents: this.gatewayEvents,
      undeliverable: this.undeliverable,
      filteredByIntents: this.filteredByIntents,
      acknowledged: this.acknowledged,
      lateAcknowledgements: this.lateAcknowledgements,
      doubleAcknowledgements: this.doubleAcknowledgements,
      expiredTokenUses: this.expiredTokenUses,
      restRequests: this.restRequests,
      rateLimited: this.rateLimited,
      rateLimitedByScope: {
        global: this.rateLimitedGlobal,
        route: this.rateLimitedRoute,
        injected: this.rateLimitedInjected,
        banned: this.banned,
        shared: this.rateLimitedShared,
      },
      invalidRequests: this.invalidRequests,
      serverErrors: this.serverErrors,
      messagesCreated: this.messagesCreated,
      identifies: this.identifies,
      identifyRejected: this.identifyRejected,
      resumes: this.resumes,
      replayedEvents: this.replayedEvents,
      heartbeatTimeouts: this.heartbeatTimeouts,
      invalidSessions: this.invalidSessions,
    };
  }
}

export interface SimStatsSnapshot {
  dispatched: number;
  memberJoins: number;
  memberLeaves: number;
  memberUpdates: number;
  gatewayEvents: number;
  undeliverable: number;
  filteredByIntents: number;
  acknowledged: number;
  lateAcknowledgements: number;
  doubleAcknowledgements: number;
  expiredTokenUses: number;
  restRequests: number;
  /** Every 429 the simulator gave, whatever the scope. */
  rateLimited: number;
  rateLimitedByScope: { global: number; route: number; injected: number; banned: number; shared: number };
  /** 401, 403 and 429 answers (not 429s of scope `shared`): what Discord's invalid-request budget counts. */
  invalidRequests: number;
  serverErrors: number;
  messagesCreated: number;
  identifies: number;
  identifyRejected: number;
  resumes: number;
  replayedEvents: number;
  heartbeatTimeouts: number;
  invalidSessions: number;
}
