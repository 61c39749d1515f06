// What the manifests hand each DROAS container: only variables its app's config schema reads, values that
// schema accepts (the app would start), secrets only from a Secret, and probes on the app's ops port.
import { existsSync, readFileSync } from 'node:fs';
import { migrateConfigShape } from '@droas/db';
import { simConfigShape } from '@droas/discord-sim';
import { gatewayConfigChecks, gatewayConfigShape } from '@droas/gateway';
import { parseConfig, type ConfigCheck } from '@droas/runtime';
import { workerConfigChecks, workerConfigShape } from '@droas/worker';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { parse } from 'yaml';
import { containerEnv, type EnvSource } from '../src/containerEnv.js';
import { infraPath } from '../src/index.js';
import type { KubeObject } from '../src/kubeObject.js';
import { containersOf, droasImage, podTemplates } from '../src/podTemplates.js';
import { OVERLAYS, renderOverlay } from './k8sOverlays.js';

/** Each DROAS image and the config schema its entry point parses (imported from the app, not copied). */
const APPS: Record<string, { shape: Record<string, unknown>; checks?: readonly ConfigCheck<never>[] }> = {
  'droas/gateway': { shape: gatewayConfigShape, checks: gatewayConfigChecks },
  'droas/worker': { shape: workerConfigShape, checks: workerConfigChecks },
  'droas/migrate': { shape: migrateConfigShape },
  'droas/discord-sim': { shape: simConfigShape },
};

/** Variables that carry a credential: a token, or a URL that may hold a password. */
const SECRET_VARIABLES = /TOKEN|PASSWORD|_URL$/;

/**
 * The Secret an overlay expects to be created outside its render (production), as its secret.example.yaml
 * shows it; undefined for an overlay that renders its own.
 */
function exampleSecret(overlay: string): { name: string; data: Record<string, string> } | undefined {
  const file = infraPath('k8s', 'overlays', overlay, 'secret.example.yaml');
  if (!existsSync(file)) return undefined;
  const parsed = parse(readFileSync(file, 'utf8')) as KubeObject & { stringData: Record<string, string> };
  return { name: parsed.metadata.name, data: parsed.stringData };
}

/** The Secret data an overlay's containers are started with: rendered by the overlay, or its example. */
function secretValues(overlay: string, objects: readonly KubeObject[]): Map<string, Record<string, string>> {
  const secrets = new Map<string, Record<string, string>>();
  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    const data = (secret.data ?? {}) as Record<string, string>;
    const decoded = Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]);
    secrets.set(secret.metadata.name, Object.fromEntries(decoded) as Record<string, string>);
  }
  const example = exampleSecret(overlay);
  if (example) secrets.set(example.name, example.data);
  return secrets;
}

/** The environment a container starts with in pod `podIndex`, resolving references as the kubelet would. */
function startingEnv(
  env: Map<string, EnvSource>,
  secrets: Map<string, Record<string, string>>,
  podIndex: number,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, source] of env) {
    switch (source.kind) {
      case 'value':
      case 'configMap':
        values[name] = source.value;
        break;
      case 'secret': {
        const value = secrets.get(source.secret)?.[source.key];
        if (value === undefined)
          throw new TypeError(`${name}: Secret ${source.secret} has no key ${source.key}`);
        values[name] = value;
        break;
      }
      case 'field':
        if (source.fieldPath !== "metadata.labels['apps.kubernetes.io/pod-index']") {
          throw new TypeError(`${name}: unexpected field reference ${source.fieldPath}`);
        }
        values[name] = String(podIndex);
        break;
    }
  }
  return values;
}

describe.each(OVERLAYS)('Kubernetes overlay %s: what each DROAS container gets', (overlay) => {
  const objects = renderOverlay(overlay);
  const secrets = secretValues(overlay, objects);
  const containers = podTemplates(objects).flatMap(({ owner, template }) =>
    containersOf(template).map((container) => ({ owner, container, app: droasImage(container.image) })),
  );
  const droas = containers.filter((c): c is typeof c & { app: string } => c.app !== undefined);

  it('runs the gateway, the worker and the migrations, each from its own image', () => {
    expect(new Set(droas.map((c) => c.app))).toEqual(
      new Set([
        'droas/gateway',
        'droas/worker',
        'droas/migrate',
        ...(overlay === 'simulator' ? ['droas/discord-sim'] : []),
      ]),
    );
  });

  it.each([...new Set(droas.map((c) => c.app))])('gives %s only variables its config schema reads', (app) => {
    for (const { container } of droas.filter((c) => c.app === app)) {
      const unknown = [...containerEnv(container, objects).keys()].filter(
        (name) => !(name in APPS[app]!.shape),
      );
      expect({ container: container.name, unknown }).toEqual({ container: container.name, unknown: [] });
    }
  });

  it('gives every DROAS container values its app accepts, in every gateway pod', () => {
    for (const { owner, container, app } of droas) {
      const replicas = owner.kind === 'StatefulSet' ? (owner.spec as { replicas: number }).replicas : 1;
      for (let pod = 0; pod < replicas; pod++) {
        const env = startingEnv(containerEnv(container, objects), secrets, pod);
        const { shape, checks } = APPS[app]!;
        expect(() => parseConfig(shape as never, env, checks as never)).not.toThrow();
      }
    }
  });

  it('takes tokens and URLs (which may carry passwords) only from a Secret, key by key', () => {
    for (const { container } of droas) {
      for (const [name, source] of containerEnv(container, objects)) {
        if (SECRET_VARIABLES.test(name) && name !== 'DISCORD_API_URL') {
          expect({ name, from: source.kind }).toEqual({ name, from: 'secret' });
        }
      }
      expect(container.envFrom?.filter((from) => from.secretRef) ?? []).toEqual([]);
    }
  });

  it('probes every long-running DROAS container on its ops port: liveness /livez, readiness /readyz', () => {
    const longRunning = droas.filter(({ owner, container }) =>
      (owner.spec as { template: { spec: { containers: IContainer[] } } }).template.spec.containers.includes(
        container,
      ),
    );
    expect(longRunning.length).toBeGreaterThanOrEqual(2);
    for (const { container } of longRunning) {
      const env = containerEnv(container, objects);
      const opsVariable = container.image?.includes('discord-sim') ? 'SIM_OPS_PORT' : 'OPS_PORT';
      const opsSource = env.get(opsVariable);
      const opsPort = opsSource && 'value' in opsSource ? Number(opsSource.value) : NaN;
      const portOf = (port: number | string | undefined): number | undefined =>
        typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
      expect({
        container: container.name,
        liveness: container.livenessProbe?.httpGet?.path,
        livenessPort: portOf(container.livenessProbe?.httpGet?.port),
        readiness: container.readinessProbe?.httpGet?.path,
        readinessPort: portOf(container.readinessProbe?.httpGet?.port),
      }).toEqual({
        container: container.name,
        liveness: '/livez',
        livenessPort: opsPort,
        readiness: '/readyz',
        readinessPort: opsPort,
      });
    }
  });

  it('stops each DROAS pod within its grace period: SHUTDOWN_DEADLINE_MS below terminationGracePeriodSeconds', () => {
    for (const { owner, container, app } of droas.filter(
      (c) => c.app === 'droas/gateway' || c.app === 'droas/worker',
    )) {
      const deadline = containerEnv(container, objects).get('SHUTDOWN_DEADLINE_MS');
      const deadlineMs = deadline && 'value' in deadline ? Number(deadline.value) : 20_000;
      const grace =
        (owner.spec as { template: { spec: { terminationGracePeriodSeconds?: number } } }).template.spec
          .terminationGracePeriodSeconds ?? 30;
      expect({ app, deadlineMs, below: deadlineMs < grace * 1000 }).toEqual({ app, deadlineMs, below: true });
    }
  });

  it('runs every DROAS pod as the restricted Pod Security Standard asks (production enforces it)', () => {
    const droasPods = podTemplates(objects).filter(({ template }) =>
      containersOf(template).every((c) => droasImage(c.image) !== undefined),
    );
    expect(droasPods.length).toBeGreaterThanOrEqual(2);
    for (const { owner, template } of droasPods) {
      const pod = template.spec!.securityContext;
      for (const container of containersOf(template)) {
        const own = container.securityContext;
        expect({
          container: `${owner.metadata.name}/${container.name}`,
          runAsNonRoot: own?.runAsNonRoot ?? pod?.runAsNonRoot,
          seccomp: (own?.seccompProfile ?? pod?.seccompProfile)?.type,
          allowPrivilegeEscalation: own?.allowPrivilegeEscalation,
          drop: own?.capabilities?.drop,
        }).toEqual({
          container: `${owner.metadata.name}/${container.name}`,
          runAsNonRoot: true,
          seccomp: 'RuntimeDefault',
          allowPrivilegeEscalation: false,
          drop: ['ALL'],
        });
      }
    }
  });

  const example = exampleSecret(overlay);
  if (example) {
    it('renders no Secret of its own, and its example has exactly the keys the containers read', () => {
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const keys = new Set(
        droas.flatMap(({ container }) =>
          [...containerEnv(container, objects).values()].flatMap((s) => (s.kind === 'secret' ? [s.key] : [])),
        ),
      );
      expect(Object.keys(example.data).sort()).toEqual([...keys].sort());
    });
  }
});
