import { z } from 'zod';
import type { ControlApiDeps } from './controlRoute.js';
import { controlRoute } from './controlRoute.js';
import { controlRoutes } from './controlRoutes.js';

const ctx = (body: unknown) => ({
  deps: {} as ControlApiDeps,
  params: {},
  query: new URLSearchParams(),
  body,
});

describe('controlRoute', () => {
  const schema = z.object({ count: z.number(), note: z.string().optional() });

  it('hands the handler the body its schema parsed, absent optionals dropped', () => {
    const seen: unknown[] = [];
    const route = controlRoute({
      method: 'POST',
      path: '/x',
      body: schema,
      handle: ({ body }) => seen.push(body),
    });
    route.run(ctx({ count: 1, extra: true }));
    expect(seen).toEqual([{ count: 1 }]);
    expect(Object.keys(seen[0] as object)).toEqual(['count']);
  });

  it('refuses a body its schema refuses before the handler runs', () => {
    const handle = jest.fn();
    const route = controlRoute({ method: 'POST', path: '/x', body: schema, handle });
    expect(() => route.run(ctx({ count: 'one' }))).toThrow(z.ZodError);
    expect(handle).not.toHaveBeenCalled();
  });

  it('ignores the body of a route without a schema', () => {
    const route = controlRoute({ method: 'GET', path: '/x', handle: ({ body }) => body });
    expect(route.run(ctx({ anything: 1 }))).toBeUndefined();
  });
});

describe('controlRoutes', () => {
  it('has one row per method and path', () => {
    const keys = controlRoutes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('validates the body of every route that writes', () => {
    const unvalidated = controlRoutes.filter(
      (r) => (r.method === 'POST' || r.method === 'PUT') && r.body === undefined,
    );
    // Reset takes no body; every other write is checked before it touches the simulator.
    expect(unvalidated.map((r) => r.path)).toEqual(['/reset']);
  });
});
