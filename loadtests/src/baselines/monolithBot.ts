import { DefaultAckTimings } from '@droas/ack-protocol';
import {
  malformedCommandReply,
  toInteractionJob,
  type CommandHandler,
  type ContractResult,
  type InteractionJob,
} from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { answerInteraction, privateText, toDiscordJsMessage, type AnswerPath } from './answerInteraction.js';

export interface MonolithBotOptions {
  token: string;
  /** REST base without the version, e.g. the simulator's `http://127.0.0.1:PORT/api`. */
  restUrl: string;
  /** Every shard of the bot, all in this one client. */
  totalShards: number;
  /** The commands answered, by `definition.name`. */
  handlers: readonly CommandHandler[];
  logger: Logger;
  /**
   * How long after an interaction's creation a command still running is deferred.
   * @defaultValue DefaultAckTimings.guardFireMs (when DROAS's guard defers)
   */
  deferAfterMs?: number;
  /** How long {@link MonolithBot.stop} waits for answers in flight. @defaultValue 5000 */
  drainTimeoutMs?: number;
}

export const DefaultMonolithBotOptions = {
  deferAfterMs: DefaultAckTimings.guardFireMs,
  drainTimeoutMs: 5_000,
} as const satisfies Partial<MonolithBotOptions>;

/** What a raw INTERACTION_CREATE gave: the job the gateway would enqueue, or why it would refuse it. */
interface Received {
  raw: unknown;
  job: ContractResult<InteractionJob>;
}

/**
 * The monolith baseline's bot: one unmodified discord.js `Client` holding every shard, which runs the
 * economy's handlers in-process on each chat-input interaction and answers through discord.js. No queue,
 * no worker, no acknowledgement claims, no admission limits or notices: what remains of DROAS's path is the
 * job contract (the gateway's `toInteractionJob` on the raw dispatch, so handlers see exactly the job a
 * worker would) and the handlers themselves.
 */
export class MonolithBot {
  readonly #o: MonolithBotOptions & { [K in keyof typeof DefaultMonolithBotOptions]: number };
  readonly #client: Client;
  readonly #handlers = new Map<string, CommandHandler>();
  // Raw packets come a moment before discord.js's `interactionCreate` for the same interaction, and are
  // taken off when it arrives. An interaction discord.js never emits (not a chat-input command) is
  // dropped there too.
  readonly #received = new Map<string, Received>();
  readonly #inFlight = new Set<Promise<void>>();
  #stopping: Promise<void> | undefined;

  constructor(options: MonolithBotOptions) {
    this.#o = { ...DefaultMonolithBotOptions, ...options };
    for (const h of options.handlers) {
      if (this.#handlers.has(h.definition.name))
        throw new TypeError(`two handlers for /${h.definition.name}`);
      this.#handlers.set(h.definition.name, h);
    }
    // Out of the box but for where Discord is and which shards: the bot a team would write without DROAS.
    this.#client = new Client({
      intents: [GatewayIntentBits.Guilds],
      shards: Array.from({ length: options.totalShards }, (_, i) => i),
      shardCount: options.totalShards,
      rest: { api: options.restUrl },
    });
    this.#client.on('raw', (packet: { t?: unknown; d?: unknown }, shardId: number) => {
      if (packet.t !== 'INTERACTION_CREATE' || this.#stopping) return;
      const id = (packet.d as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') return;
      this.#received.set(id, {
        raw: packet.d,
        job: toInteractionJob(packet.d, { shardId, receivedAtMs: Date.now() }),
      });
    });
    this.#client.on(Events.InteractionCreate, (interaction) => this.#onInteraction(interaction));
    this.#client.on(Events.Error, (error) => this.#o.logger.error({ err: error }, 'discord.js error'));
  }

  /** Logs in and resolves once every shard is ready. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.#client.once(Events.ClientReady, () => resolve()));
    await this.#client.login(this.#o.token);
    await ready;
  }

  /** Stops taking interactions, waits for the answers in flight (bounded), then closes the connections. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#o.drainTimeoutMs);
        timer.unref();
      });
      await Promise.race([Promise.all(this.#inFlight), deadline]);
      clearTimeout(timer);
      await this.#client.destroy();
    })();
    return this.#stopping;
  }

  #onInteraction(interaction: Interaction): void {
    const received = this.#received.get(interaction.id);
    this.#received.delete(interaction.id);
    if (!interaction.isChatInputCommand() || this.#stopping) return;
    if (received === undefined) {
      // discord.js emits `raw` first, always; missing it would be a bug here, and the member gets no answer.
      this.#o.logger.warn(
        { interactionId: interaction.id },
        'interaction without its raw dispatch: not answered',
      );
      return;
    }
    const started = performance.now();
    const answering = (async () => {
      let path: AnswerPath | 'refused';
      if (received.job.ok) {
        const job = received.job.value;
        const handler = this.#handlers.get(job.command.name);
        path = await answerInteraction(interaction, job, handler, job.createdAtMs + this.#o.deferAfterMs);
      } else {
        // What the gateway answers for a dispatch that breaks the job contract.
        const reply = privateText(malformedCommandReply(received.raw, received.job.error));
        await interaction.reply({ ...toDiscordJsMessage(reply), flags: MessageFlags.Ephemeral });
        path = 'refused';
      }
      this.#o.logger.debug(
        {
          interactionId: interaction.id,
          command: interaction.commandName,
          path,
          ms: performance.now() - started,
        },
        'interaction answered',
      );
    })()
      .catch((error: unknown) =>
        this.#o.logger.warn(
          { err: error, interactionId: interaction.id, command: interaction.commandName },
          'could not answer an interaction',
        ),
      )
      .finally(() => this.#inFlight.delete(answering));
    this.#inFlight.add(answering);
  }
}
