import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import type { ControlApiDeps, ControlRoute } from './controlRoute.js';
import { controlRoutes } from './controlRoutes.js';
import { errorAnswer } from './errorAnswer.js';
import { resetSimulator } from './resetSimulator.js';

/** The control API under `/_sim` (documented in the README): seed, dispatch, generate, inject faults, read back. */
export class ControlApi {
  readonly #router = Router();

  constructor(private readonly deps: ControlApiDeps) {
    for (const route of controlRoutes)
      this.#router.on(route.method, `/_sim${route.path}`, () => undefined, route);
  }

  /** Back to an empty Discord (same as `POST /_sim/reset`). */
  reset(): void {
    resetSimulator(this.deps);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const found = this.#router.find(req.method as 'GET', q === -1 ? url : url.slice(0, q));
      if (!found) return reply(res, 404, { message: `no control route ${req.method} ${url}` });
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body: unknown = raw.length === 0 ? undefined : JSON.parse(raw);
        const route = found.store as ControlRoute;
        reply(
          res,
          200,
          route.run({
            deps: this.deps,
            params: found.params,
            query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
            body,
          }),
        );
      } catch (error) {
        const { status, body } = errorAnswer(error);
        reply(res, status, body);
      }
    });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
