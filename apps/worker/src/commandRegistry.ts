import type { CommandVisibility } from '@droas/ack-protocol';
import type { CommandDefinition, CommandHandler } from '@droas/contracts';

/** The commands this worker answers, by name. Two handlers with one name is a wiring mistake. */
export class CommandRegistry {
  readonly #handlers = new Map<string, CommandHandler>();

  constructor(handlers: Iterable<CommandHandler>) {
    for (const handler of handlers) {
      const name = handler.definition.name;
      if (this.#handlers.has(name)) throw new TypeError(`two handlers for /${name}`);
      this.#handlers.set(name, handler);
    }
  }

  get(name: string): CommandHandler | undefined {
    return this.#handlers.get(name);
  }

  /** What `PUT /applications/{id}/commands` registers. */
  definitions(): CommandDefinition[] {
    return [...this.#handlers.values()].map((h) => h.definition);
  }

  /** Which commands answer privately: published for the gateway's guard, whose deferrals must match. */
  visibility(): CommandVisibility[] {
    return [...this.#handlers.values()].map((h) => ({
      name: h.definition.name,
      ephemeral: h.defersEphemeral,
    }));
  }
}
