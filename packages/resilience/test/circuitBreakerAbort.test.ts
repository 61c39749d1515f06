import { CallTimeoutError, createCircuitBreaker } from '@droas/resilience';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A dependency that accepts the request and never answers, like a wedged Discord REST edge or a stuck proxy.
// The breaker's timeout must abort the real request, so the connection is closed rather than left open.

let server: Server;
let url: string;
const received: IncomingMessage[] = [];
const closed: string[] = [];

beforeAll(async () => {
  server = createServer((req) => {
    received.push(req);
    req.socket.on('close', () => closed.push(req.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

describe('a circuit breaker over a hanging HTTP call', () => {
  it('aborts the request on timeout, closing its connection', async () => {
    const breaker = createCircuitBreaker('hanging-http', { timeoutMs: 100 });
    try {
      let signal: AbortSignal | undefined;
      const started = Date.now();
      const error = await breaker
        .execute((s) => {
          signal = s;
          return fetch(`${url}/hang`, { signal: s });
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallTimeoutError);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(signal?.aborted).toBe(true);
      expect(received.map((r) => r.url)).toEqual(['/hang']);
      // The server sees the client hang up: the work was stopped, not merely abandoned.
      for (let i = 0; i < 50 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(closed).toEqual(['/hang']);
    } finally {
      breaker.shutdown();
    }
  });
});
