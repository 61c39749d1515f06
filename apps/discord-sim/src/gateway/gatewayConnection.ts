import type { WebSocket } from 'ws';
import type { FrameSink, GatewaySession } from './gatewaySession.js';
import { ZlibStreamEncoder } from './zlibStreamEncoder.js';

export interface GatewayProtocol {
  identify(conn: GatewayConnection, d: unknown): void;
  resume(conn: GatewayConnection, d: unknown): void;
  /** `code` is the one the simulator closed with, or else the peer's. */
  closed(conn: GatewayConnection, code: number): void;
  /** The connection is being closed for want of heartbeats. */
  heartbeatMissed(conn: GatewayConnection): void;
}

export interface ConnectionOptions {
  heartbeatIntervalMs: number;
  /**
   * How long past `heartbeatIntervalMs` a client may go without a heartbeat (counted from HELLO, then from each
   * heartbeat) before the connection is closed. Not finite: never.
   */
  heartbeatGraceMs: number;
  compress: boolean;
  /** Discord: 120 client payloads per 60 s, then close 4008. */
  clientPayloadLimit: number;
  clientPayloadWindowMs: number;
  now: () => number;
}

// setTimeout's largest delay; beyond it Node fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Presence: 3,
  Voice: 4,
  Resume: 6,
  RequestMembers: 8,
  Lazy: 14,
} as const;

/** Close code for a client that stopped heartbeating: "Session timed out", one Discord says to reconnect after. */
export const HEARTBEAT_TIMEOUT_CLOSE_CODE = 4009;

/**
 * One gateway WebSocket: HELLO, heartbeats and their ACKs, the heartbeat timeout, the client's send limit, and
 * framing (text JSON, or binary zlib-stream when the URL asked for it). IDENTIFY and RESUME are handed to the
 * gateway server.
 */
export class GatewayConnection implements FrameSink {
  session: GatewaySession | null = null;
  lastHeartbeatAtMs: number | null = null;
  readonly #encoder: ZlibStreamEncoder | undefined;
  #windowStartMs = 0;
  #payloads = 0;
  #open = true;
  #closeCode: number | undefined;
  #heartbeatDeadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly protocol: GatewayProtocol,
    private readonly options: ConnectionOptions,
  ) {
    this.#encoder = options.compress ? new ZlibStreamEncoder() : undefined;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  start(): void {
    this.socket.on('message', (data: Buffer, isBinary: boolean) => this.#onMessage(data, isBinary));
    this.socket.on('close', (code: number) => {
      this.#open = false;
      clearTimeout(this.#heartbeatDeadline);
      this.protocol.closed(this, this.#closeCode ?? code);
    });
    this.socket.on('error', () => this.socket.terminate());
    this.sendOp(10, { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['discord-sim'] });
    this.#armHeartbeatDeadline();
  }

  send(frame: string): void {
    if (!this.#open) return;
    if (this.#encoder) this.socket.send(this.#encoder.encode(frame), { binary: true });
    else this.socket.send(frame);
  }

  sendOp(op: number, d: unknown): void {
    this.send(`{"op":${op},"s":null,"t":null,"d":${JSON.stringify(d)}}`);
  }

  close(code: number, reason = ''): void {
    if (!this.#open) return;
    this.#open = false;
    this.#closeCode = code;
    clearTimeout(this.#heartbeatDeadline);
    this.socket.close(code, reason);
    // The close handshake needs the peer; do not let a dead peer keep the socket around.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  terminate(): void {
    this.#open = false;
    clearTimeout(this.#heartbeatDeadline);
    this.socket.terminate();
  }

  /**
   * Discord closes a connection whose client fails to heartbeat in time, and the client must then resume (docs
   * `events/gateway.mdx`, "Heartbeat Interval"); 4009 is a close code Discord lists as one to reconnect after
   * (`topics/opcodes-and-status-codes.mdx`, "Gateway Close Event Codes"), and the session stays resumable.
   * Measured on real time, not the simulator's clock, so a test jumping a ManualClock keeps its sockets.
   */
  #armHeartbeatDeadline(): void {
    const ms = this.options.heartbeatIntervalMs + this.options.heartbeatGraceMs;
    if (!Number.isFinite(ms) || ms > MAX_TIMER_MS) return;
    if (this.#heartbeatDeadline) {
      this.#heartbeatDeadline.refresh();
      return;
    }
    this.#heartbeatDeadline = setTimeout(() => {
      if (!this.#open) return;
      this.protocol.heartbeatMissed(this);
      this.close(HEARTBEAT_TIMEOUT_CLOSE_CODE, 'Session timed out.');
    }, ms);
    this.#heartbeatDeadline.unref();
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (!this.#open) return;
    const now = this.options.now();
    if (now - this.#windowStartMs >= this.options.clientPayloadWindowMs) {
      this.#windowStartMs = now;
      this.#payloads = 0;
    }
    this.#payloads += 1;
    if (this.#payloads > this.options.clientPayloadLimit) return this.close(4008, 'Rate limited.');
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary payloads are not accepted');
      payload = JSON.parse(data.toString('utf8')) as { op?: unknown; d?: unknown };
    } catch {
      return this.close(4002, 'Error while decoding payload.');
    }
    switch (payload.op) {
      case Op.Heartbeat:
        this.lastHeartbeatAtMs = now;
        this.#armHeartbeatDeadline();
        if (this.session?.heartbeatAcks !== false) this.send('{"op":11,"s":null,"t":null,"d":null}');
        return;
      case Op.Identify:
        if (this.session) return this.close(4005, 'Already authenticated.');
        return this.protocol.identify(this, payload.d);
      case Op.Resume:
        if (this.session) return this.close(4005, 'Already authenticated.');
        return this.protocol.resume(this, payload.d);
      case Op.Presence:
      case Op.Voice:
      case Op.RequestMembers:
      case Op.Lazy:
        if (!this.session) return this.close(4003, 'Not authenticated.');
        return;
      default:
        return this.close(4001, 'Unknown opcode.');
    }
  }
}
