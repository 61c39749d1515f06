import type { Logger } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import type { InteractionKeys } from './interactionKeys.js';

/** A command and whether its answer is private, as the workers' registry says. */
export interface CommandVisibility {
  readonly name: string;
  readonly ephemeral: boolean;
}

/**
 * Workers publish which commands answer privately, from their own registry, when they start: the guard's
 * deferral must match the answer's visibility before the answer exists, and the registry is the one place
 * that knows. A command published by several versions at once (a rolling deploy) takes the last one's word.
 */
export async function publishCommandVisibility(
  redis: Pick<Redis | Cluster, 'hset'>,
  keys: InteractionKeys,
  commands: readonly CommandVisibility[],
): Promise<void> {
  if (commands.length === 0) return;
  await redis.hset(
    keys.commandVisibility(),
    Object.fromEntries(commands.map((c) => [c.name, c.ephemeral ? '1' : '0'])),
  );
}

export interface DeferralVisibilityOptions {
  redis: Pick<Redis | Cluster, 'hgetall'>;
  keys: InteractionKeys;
  logger: Logger;
  /** Commands to treat as private whatever the workers say (an operator's override); none when undefined. */
  override?: readonly string[];
  /** How often to read what the workers published. @defaultValue 5000 */
  refreshMs?: number;
}

/**
 * The gateway's view of which commands answer privately: what the workers published, read again every
 * `refreshMs`; or the operator's fixed list. A command nobody has published yet is treated as private, so a
 * deferral never shows in the channel what the member asked for alone (the worker answers a public command
 * to a private deferral privately, which loses nothing).
 */
export class DeferralVisibility {
  readonly #o: DeferralVisibilityOptions & { refreshMs: number };
  #known = new Map<string, boolean>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: DeferralVisibilityOptions) {
    this.#o = { refreshMs: 5_000, ...options };
  }

  isEphemeral(commandName: string): boolean {
    if (this.#o.override !== undefined) return this.#o.override.includes(commandName);
    return this.#known.get(commandName) ?? true;
  }

  /** Reads what the workers published; keeps the last view when Redis cannot be read. */
  async refresh(): Promise<void> {
    if (this.#o.override !== undefined) return;
    try {
      const published = await this.#o.redis.hgetall(this.#o.keys.commandVisibility());
      this.#known = new Map(Object.entries(published).map(([name, flag]) => [name, flag === '1']));
    } catch (error) {
      this.#o.logger.debug({ err: error }, 'could not read command visibility; keeping the last view');
    }
  }

  start(): void {
    void this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), this.#o.refreshMs).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
