import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

/** A readiness check: resolves when the dependency is usable, rejects (or resolves false) when it is not. */
export type ReadinessCheck = () => Promise<boolean | void> | boolean | void;

export interface OpsServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** @defaultValue '0.0.0.0' */
  host?: string;
  metrics: Metrics;
  /** What `/metrics` serves. @defaultValue `metrics.expose()`, this process's own */
  exposeMetrics?: () => Promise<string>;
  logger: Logger;
  /** Checks behind `/readyz`, by name. All must pass for 200. */
  readiness?: Record<string, ReadinessCheck>;
  /** A check slower than this counts as failed. @defaultValue 2000 */
  checkTimeoutMs?: number;
}

export interface OpsServer {
  readonly port: number;
  readonly url: string;
  /** Turns `/readyz` to 503 at once, whatever the checks say: called first thing on shutdown. */
  markNotReady(reason: string): void;
  close(): Promise<void>;
}

/**
 * `/livez` (the event loop answers), `/readyz` (the app's dependencies answer), `/metrics` (prom-client).
 * Hand-written on node:http because three fixed routes do not warrant a framework in every process.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const checks = options.readiness ?? {};
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  let notReadyReason: string | undefined;

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/livez') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (path === '/readyz') {
      void runChecks(checks, timeoutMs, notReadyReason).then((report) => {
        res
          .writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify(report));
      });
    } else if (path === '/metrics') {
      (options.exposeMetrics ?? (() => options.metrics.expose()))().then(
        (text) => res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        (error: unknown) => {
          options.logger.error({ err: error }, 'metrics collection failed');
          res.writeHead(500).end();
        },
      );
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  // Scrapes and probes are short; do not let an idle keep-alive connection hold shutdown up.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    port,
    url: `http://${host}:${port}`,
    markNotReady(reason) {
      notReadyReason = reason;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ReadinessReport {
  ok: boolean;
  reason?: string;
  checks: Record<string, string>;
}

async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
  notReadyReason: string | undefined,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const outcome = await Promise.race([
          Promise.resolve().then(check),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, outcome === false ? 'not ready' : 'ok'];
      } catch (error) {
        return [name, `error: ${error instanceof Error ? error.message : String(error)}`];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const results = Object.fromEntries(entries);
  const ok = notReadyReason === undefined && entries.every(([, v]) => v === 'ok');
  return notReadyReason === undefined
    ? { ok, checks: results }
    : { ok, reason: notReadyReason, checks: results };
}
