/** Where a session's frames go while it is attached to a socket. */
export interface FrameSink {
  send(frame: string): void;
}

/**
 * A gateway session (what READY's `session_id` names): its shard, intents and sequence, and the frames it was
 * sent, kept so a RESUME can replay what the bot missed. It outlives its socket: events dispatched while the
 * bot is away are numbered and buffered here, and replayed in order on RESUME.
 */
export class GatewaySession {
  seq = 0;
  sink: FrameSink | null = null;
  detachedAtMs: number | null = null;
  heartbeatAcks = true;
  /** Events the router gave this session (not READY, GUILD_CREATE or RESUMED), live or buffered. */
  routedEvents = 0;
  /** A fault can hold RESUME until this time, so events pile up while the shard is away. */
  resumeHeldUntilMs = 0;
  /**
   * How long the shard went without a socket before each of its last resumes (0 when a resume took over a
   * socket still attached): the gap a restart or handover cost, as Discord would see it.
   */
  readonly resumeGapsMs: number[] = [];
  readonly #frames: string[] = [];
  #firstSeq = 1;

  constructor(
    readonly id: string,
    readonly shardId: number,
    readonly shardCount: number,
    readonly intents: number,
    private readonly replayLimit: number,
    /** When the IDENTIFY that started it was accepted, Unix ms on the simulator's clock. */
    readonly identifiedAtMs = 0,
  ) {}

  /** Numbers a dispatch, keeps it for replay, and sends it if the session is attached. */
  dispatch(eventName: string, dataJson: string): number {
    this.seq += 1;
    const frame = `{"op":0,"s":${this.seq},"t":"${eventName}","d":${dataJson}}`;
    this.#frames.push(frame);
    if (this.#frames.length > this.replayLimit * 2) {
      const drop = this.#frames.length - this.replayLimit;
      this.#frames.splice(0, drop);
      this.#firstSeq += drop;
    }
    this.sink?.send(frame);
    return this.seq;
  }

  /** Frames after `seq`, or undefined when some of them are no longer kept (the session cannot resume). */
  framesAfter(seq: number): string[] | undefined {
    if (seq > this.seq || seq < 0) return undefined;
    if (seq + 1 < this.#firstSeq) return undefined;
    return this.#frames.slice(seq + 1 - this.#firstSeq);
  }

  /** Attaches a resuming socket, noting how long the session had none. */
  resumed(sink: FrameSink, nowMs: number): void {
    this.resumeGapsMs.push(this.sink === null && this.detachedAtMs !== null ? nowMs - this.detachedAtMs : 0);
    if (this.resumeGapsMs.length > 100) this.resumeGapsMs.shift();
    this.attach(sink);
  }

  attach(sink: FrameSink): void {
    this.sink = sink;
    this.detachedAtMs = null;
  }

  detach(nowMs: number): void {
    this.sink = null;
    this.detachedAtMs = nowMs;
  }
}
