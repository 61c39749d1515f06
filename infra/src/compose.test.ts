import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { infraPath } from './index.js';

// infra/compose.yaml read as Compose reads it with no variables set (every `${VAR:-default}` at its default),
// checked against what the apps and infra/compose/prometheus.yml expect of it.

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: string | number };
  healthcheck?: { test: string | string[] };
  restart?: string;
}

/** `${VAR:-default}` → default, recursively, as Compose interpolates when nothing is set. */
function withDefaults(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  if (Array.isArray(value)) return value.map(withDefaults);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDefaults(v)]));
  }
  return value;
}

const compose = withDefaults(parse(readFileSync(infraPath('compose.yaml'), 'utf8'), { merge: true })) as {
  services: Record<string, Service>;
};
const services = compose.services;
const prometheus = parse(readFileSync(infraPath('compose', 'prometheus.yml'), 'utf8')) as {
  scrape_configs: {
    job_name: string;
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; port: number }[];
  }[];
};
const readme = readFileSync(infraPath('..', 'README.md'), 'utf8');
const simReadme = readFileSync(infraPath('..', 'apps', 'discord-sim', 'README.md'), 'utf8');

const env = (service: string) => services[service]!.environment ?? {};
const num = (value: unknown) => Number(value);

/** Every `host:port` Prometheus scrapes. */
function scraped(): Set<string> {
  const targets = new Set<string>();
  for (const job of prometheus.scrape_configs) {
    for (const s of job.static_configs ?? []) s.targets.forEach((t) => targets.add(t));
    for (const d of job.dns_sd_configs ?? []) d.names.forEach((n) => targets.add(`${n}:${d.port}`));
  }
  return targets;
}

describe('infra/compose.yaml', () => {
  it('runs Redis as BullMQ needs it: no eviction, an append-only file', () => {
    const args = services.redis!.command!.join(' ');
    expect(args).toMatch(/--maxmemory-policy noeviction\b/);
    expect(args).toMatch(/--appendonly yes\b/);
  });

  it('starts workers after the migrations succeeded and Redis and Postgres are healthy, two by default', () => {
    expect(services.worker!.depends_on).toEqual({
      redis: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(num(services.worker!.deploy?.replicas)).toBeGreaterThanOrEqual(2);
  });

  it('gives the gateway the simulator by a URL it can reach, and the simulator that name in what it hands out', () => {
    const api = new URL(String(env('gateway').DISCORD_API_URL));
    expect(api.hostname).toBe('discord-sim');
    expect(num(api.port)).toBe(num(env('discord-sim').SIM_PORT));
    expect(env('discord-sim').SIM_PUBLIC_HOST).toBe('discord-sim');
    expect(env('worker').DISCORD_API_URL).toBe(env('gateway').DISCORD_API_URL);
  });

  it('points gateway and workers at the same Redis, and workers and migrations at the same database', () => {
    expect(env('worker').REDIS_URL).toBe(env('gateway').REDIS_URL);
    expect(env('migrate').DATABASE_URL).toBe(env('worker').DATABASE_URL);
    const db = new URL(String(env('worker').DATABASE_URL));
    expect(db.hostname).toBe('postgres');
    expect(decodeURIComponent(db.password)).toBe(env('postgres').POSTGRES_PASSWORD);
    expect(db.username).toBe(env('postgres').POSTGRES_USER);
  });

  // The gateway manager's /metrics carries its clusters' series: scraping a cluster too would count it twice.
  it('has Prometheus scrape every process once, on the port it serves /metrics on', () => {
    expect([...scraped()].sort()).toEqual(
      [
        `gateway:${num(env('gateway').OPS_PORT)}`,
        `worker:${num(env('worker').OPS_PORT)}`,
        `discord-sim:${num(env('discord-sim').SIM_OPS_PORT)}`,
        'localhost:9090',
      ].sort(),
    );
  });

  it("checks each app's readiness on the port it serves /readyz on", () => {
    const ports = { gateway: 'OPS_PORT', worker: 'OPS_PORT', 'discord-sim': 'SIM_OPS_PORT' } as const;
    for (const [service, variable] of Object.entries(ports)) {
      const test = [services[service]!.healthcheck!.test].flat().join(' ');
      expect(test).toContain(`127.0.0.1:${num(env(service)[variable])}/readyz`);
    }
  });

  it('sets only variables the apps document (a misspelt one would be ignored)', () => {
    const documented = (text: string, variable: string) => text.includes(`\`${variable}\``);
    for (const service of ['gateway', 'worker', 'commands', 'migrate']) {
      const unknown = Object.keys(env(service)).filter((v) => !documented(readme, v));
      expect({ service, unknown }).toEqual({ service, unknown: [] });
    }
    const unknownSim = Object.keys(env('discord-sim')).filter((v) => !documented(simReadme, v));
    expect(unknownSim).toEqual([]);
  });

  it('restarts the long-running services when they die, and runs migrate and commands to completion', () => {
    for (const service of ['redis', 'postgres', 'discord-sim', 'gateway', 'worker', 'prometheus']) {
      expect({ service, restart: services[service]!.restart }).toEqual({
        service,
        restart: 'unless-stopped',
      });
    }
    expect(services.migrate!.restart).toBe('on-failure');
    expect(services.commands!.restart).toBe('on-failure');
  });
});
