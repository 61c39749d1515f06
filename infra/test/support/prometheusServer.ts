import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createManagedProcess, prometheusProgram, type ManagedProcess } from '@droas/services';
import { freePort } from '@droas/testkit';
import { parse, stringify } from 'yaml';

/** One alert as Prometheus's /api/v1/alerts reports it. */
export interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query's samples: labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** The alerts pending or firing now. */
  alerts(): Promise<ActiveAlert[]>;
  close(): Promise<void>;
}

/**
 * A real Prometheus (Debian's, installed when missing and we are root) scraping the given jobs every
 * `intervalSeconds`, evaluating `ruleFiles` as often. Its data and config live in `dir`.
 */
export async function startPrometheus(options: {
  dir: string;
  jobs: { name: string; opsUrls: string[] }[];
  ruleFiles: string[];
  intervalSeconds: number;
}): Promise<PrometheusServer> {
  const program = await prometheusProgram({ log: (line) => process.stderr.write(`[infra tests] ${line}\n`) });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const interval = `${options.intervalSeconds}s`;
  const configFile = join(options.dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    stringify({
      // The scrape timeout may not exceed the interval (10 s by default would).
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      rule_files: options.ruleFiles,
      scrape_configs: options.jobs.map((job) => ({
        job_name: job.name,
        static_configs: [{ targets: job.opsUrls.map((u) => new URL(u).host) }],
      })),
    }),
  );
  const dataDir = join(options.dir, 'data');
  mkdirSync(dataDir);
  const server: ManagedProcess = createManagedProcess({
    name: 'prometheus',
    logFile: join(options.dir, 'prometheus.log'),
    commandLine: () => ({
      command: program,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
    }),
    isReady: async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true,
    stopWithParent: true, // a crashed jest worker leaves no server behind
  });
  await server.start();

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  return {
    url,
    async query(expr) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    alerts: async () => (await api<{ alerts: ActiveAlert[] }>('/api/v1/alerts')).alerts,
    close: () => server.stop(),
  };
}

/**
 * Copies of the rule files with every alert's `for:` set to `forDuration`, so a test sees an alert fire in
 * seconds; expressions (and their windows) are left as they are.
 */
export function renderRulesWithShortFor(ruleFiles: string[], dir: string, forDuration: string): string[] {
  return ruleFiles.map((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as {
      groups: { rules: { alert?: string; for?: string }[] }[];
    };
    for (const group of doc.groups) {
      for (const rule of group.rules)
        if (rule.alert !== undefined && rule.for !== undefined) rule.for = forDuration;
    }
    const copy = join(dir, basename(file));
    writeFileSync(copy, stringify(doc));
    return copy;
  });
}
