import { toInteractionJob, type InteractionJob } from '@droas/contracts';
import type { InteractionRequest, Simulator } from '@droas/discord-sim';

type Gateway = Simulator['state']['gateway'];
type Dispatch = Gateway['dispatch'];

export interface PayloadRecorder {
  /** The INTERACTION_CREATE payload the simulator sent for interaction `id`. */
  get(id: string): Record<string, unknown>;
  /** Stops recording. */
  stop(): void;
}

/**
 * Keeps every INTERACTION_CREATE payload the simulator dispatches, so a test can deliver the very same
 * payload again, as Discord does when it sends a dispatch twice. Wraps the simulator's gateway `dispatch`
 * until `stop()`.
 */
export function recordInteractionPayloads(sim: Simulator): PayloadRecorder {
  const payloads = new Map<string, Record<string, unknown>>();
  const stop = wrapDispatch(sim.state.gateway, (original, guildId, type, payload) => {
    if (type === 'INTERACTION_CREATE' && isRecord(payload) && typeof payload.id === 'string') {
      payloads.set(payload.id, payload);
    }
    return original(guildId, type, payload);
  });
  return {
    get(id) {
      const payload = payloads.get(id);
      if (!payload) throw new Error(`no INTERACTION_CREATE recorded for ${id}`);
      return payload;
    },
    stop,
  };
}

/**
 * Has the simulator create an interaction without delivering it to any gateway, and maps its payload to the
 * job the gateway would have enqueued. Discord knows the interaction, so answers to it are accepted; the test
 * decides what reaches the queue (a raw or altered job) and when.
 */
export function createUndeliveredInteraction(
  sim: Simulator,
  request: InteractionRequest,
): { id: string; job: InteractionJob } {
  let payload: unknown;
  const stop = wrapDispatch(sim.state.gateway, (original, guildId, type, data) => {
    if (type !== 'INTERACTION_CREATE') return original(guildId, type, data);
    payload = data;
    return { delivered: 0, filtered: 0, shardId: null };
  });
  try {
    const { id } = sim.state.dispatchInteraction(request);
    const mapped = toInteractionJob(payload, { shardId: 0, receivedAtMs: Date.now() });
    if (!mapped.ok) throw new Error(`the simulator's payload breaks the contract: ${mapped.error.message}`);
    return { id, job: mapped.value };
  } finally {
    stop();
  }
}

/** Routes the simulator's gateway dispatches through `through` until the returned function is called. */
function wrapDispatch(
  gateway: Gateway,
  through: (original: Dispatch, ...args: Parameters<Dispatch>) => ReturnType<Dispatch>,
): () => void {
  const original: Dispatch = gateway.dispatch.bind(gateway);
  gateway.dispatch = (...args) => through(original, ...args);
  return () => {
    // The method lives on the prototype; removing the own property restores it.
    delete (gateway as Partial<Pick<Gateway, 'dispatch'>>).dispatch;
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
