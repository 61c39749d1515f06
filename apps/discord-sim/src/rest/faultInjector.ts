export type RestFaultKind = 'rateLimit' | 'serverError' | 'latency' | 'timeout';

export interface RestFaultSpec {
  kind: RestFaultKind;
  /**
   * Which requests: a route key such as `POST /channels/:channelId/messages` (method and template) or just the
   * template. Omitted: every REST request.
   */
  route?: string;
  /** Chance that a matching request is hit, 0–1. @defaultValue 1 */
  probability?: number;
  /** Stop after hitting this many requests. @defaultValue unlimited */
  count?: number;
  /** Status for `serverError`. @defaultValue 500 */
  status?: number;
  /** Delay for `latency`; for `timeout`, how long to hold the request before dropping the connection. */
  latencyMs?: number;
  /** `Retry-After` of an injected 429. @defaultValue 1000 */
  retryAfterMs?: number;
}

export interface ActiveFault extends RestFaultSpec {
  id: string;
  hits: number;
}

/** Faults injected into REST answers through the control API. */
export class FaultInjector {
  readonly #faults = new Map<string, ActiveFault>();
  #nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: RestFaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: String(this.#nextId++), hits: 0 };
    this.#faults.set(fault.id, fault);
    return fault;
  }

  remove(id: string): boolean {
    return this.#faults.delete(id);
  }

  clear(): void {
    this.#faults.clear();
  }

  list(): ActiveFault[] {
    return [...this.#faults.values()];
  }

  /** The fault to apply to a request on `routeKey` (`METHOD /template`), if any. */
  pick(method: string, template: string): ActiveFault | undefined {
    if (this.#faults.size === 0) return undefined;
    for (const fault of this.#faults.values()) {
      if (fault.route !== undefined && fault.route !== template && fault.route !== `${method} ${template}`)
        continue;
      if (this.random() >= (fault.probability ?? 1)) continue;
      fault.hits += 1;
      if (fault.count !== undefined && fault.hits >= fault.count) this.#faults.delete(fault.id);
      return fault;
    }
    return undefined;
  }
}
