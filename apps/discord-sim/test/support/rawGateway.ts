import { constants, inflateSync } from 'node:zlib';
import WebSocket from 'ws';

export interface GatewayPayload {
  op: number;
  s: number | null;
  t: string | null;
  d: unknown;
}

/** A bare gateway client for protocol tests: every frame is kept, and tests wait for the ones they expect. */
export class RawGateway {
  readonly frames: GatewayPayload[] = [];
  /** Each frame's text as it arrived, before JSON.parse: what a bot's parser reads. */
  readonly texts: string[] = [];
  readonly closed: Promise<number>;
  #waiters: (() => void)[] = [];
  #compressed: Buffer[] = [];
  #inflatedLength = 0;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return this.#onCompressed(data);
      this.#push(data.toString('utf8'));
    });
  }

  static async connect(url: string, query = '?v=10&encoding=json'): Promise<RawGateway> {
    const socket = new WebSocket(`${url}${query}`);
    const client = new RawGateway(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  send(op: number, d: unknown): void {
    this.socket.send(JSON.stringify({ op, d }));
  }

  identify(token: string, shard: [number, number], intents: number): void {
    this.send(2, { token, intents, shard, properties: { os: 'linux', browser: 'test', device: 'test' } });
  }

  /** Resolves with the first frame (at or after `from`) that matches, or rejects after `timeoutMs`. */
  async waitFor(match: (p: GatewayPayload) => boolean, timeoutMs = 3000, from = 0): Promise<GatewayPayload> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => [f.op, f.t, f.s]))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  dispatches(type?: string): GatewayPayload[] {
    return this.frames.filter((f) => f.op === 0 && (type === undefined || f.t === type));
  }

  close(): Promise<number> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    else this.socket.terminate();
    return this.closed;
  }

  #push(text: string): void {
    this.texts.push(text);
    this.frames.push(JSON.parse(text) as GatewayPayload);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  // zlib-stream: one inflate context for the whole connection; re-inflating the prefix keeps the test simple.
  #onCompressed(data: Buffer): void {
    this.#compressed.push(data);
    const text = inflateSync(Buffer.concat(this.#compressed), {
      finishFlush: constants.Z_SYNC_FLUSH,
    }).toString('utf8');
    const fresh = text.slice(this.#inflatedLength);
    this.#inflatedLength = text.length;
    this.#push(fresh);
  }
}
