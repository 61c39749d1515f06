// How the manifests scale and roll: workers by KEDA on queue depth within Postgres's connection budget, with
// a disruption budget; gateways as a StatefulSet whose pods split the shards exactly, replaced terminate-first.
import { QUEUE_NAMES } from '@droas/contracts';
import { planShards } from '@droas/gateway';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { containerEnv } from '../src/containerEnv.js';
import { findObject, type KubeObject } from '../src/kubeObject.js';
import { promqlSyntaxErrors } from '../src/promqlSyntax.js';
import { OVERLAYS, renderOverlay, renderOverlayWithGateways } from './k8sOverlays.js';

/** Objects that passed their schema check (k8sSchemas.test.ts), typed as what they are. */
const as = <T>(object: KubeObject): T => object as unknown as T;

/** The literal value a container is given for `name` (from a value or a ConfigMap). */
function envValue(objects: readonly KubeObject[], container: object, name: string): string | undefined {
  const source = containerEnv(container as never, objects).get(name);
  return source && 'value' in source ? source.value : undefined;
}

/** Which gateway pod runs each shard, for a StatefulSet of `replicas` pods and the shards it is configured with. */
function shardOwners(objects: readonly KubeObject[]): { totalShards: number; owners: number[][] } {
  const gateway = as<IStatefulSet>(findObject(objects, 'StatefulSet', 'droas-gateway'));
  const container = gateway.spec!.template.spec!.containers.find((c) => c.name === 'gateway')!;
  const env = containerEnv(container, objects);
  const value = (name: string): number => {
    const source = env.get(name);
    if (!source || !('value' in source)) throw new TypeError(`${name} is not a literal value`);
    return Number(source.value);
  };
  expect(env.get('HOST_INDEX')).toEqual({
    kind: 'field',
    fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']",
  });
  const replicas = gateway.spec!.replicas!;
  expect(value('HOST_COUNT')).toBe(replicas);
  const totalShards = value('TOTAL_SHARDS');
  const owners = Array.from({ length: totalShards }, (): number[] => []);
  for (let pod = 0; pod < replicas; pod++) {
    const plan = planShards({
      totalShards,
      shardsPerCluster: value('SHARDS_PER_CLUSTER'),
      hostIndex: pod,
      hostCount: value('HOST_COUNT'),
    });
    for (const shard of plan.shardList) owners[shard]!.push(pod);
  }
  return { totalShards, owners };
}

describe.each(OVERLAYS)('Kubernetes overlay %s: scaling and rollouts', (overlay) => {
  const objects = renderOverlay(overlay);
  const worker = as<IDeployment>(findObject(objects, 'Deployment', 'droas-worker'));
  const scaler = as<IScaledObject>(findObject(objects, 'ScaledObject', 'droas-worker'));
  const workerContainer = worker.spec!.template.spec!.containers.find((c) => c.name === 'worker')!;

  it('scales the worker Deployment with KEDA, never to zero, and leaves its replica count to KEDA', () => {
    expect(scaler.spec.scaleTargetRef).toMatchObject({ name: 'droas-worker' });
    expect(scaler.spec.scaleTargetRef.kind ?? 'Deployment').toBe('Deployment');
    expect(scaler.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaler.spec.maxReplicaCount).toBeGreaterThanOrEqual(scaler.spec.minReplicaCount!);
    expect(worker.spec!.replicas).toBeUndefined();
  });

  it('keeps every worker pod, at most, within the Postgres connections set aside for workers', () => {
    const budget = Number(scaler.metadata!.annotations!['droas.dev/postgres-connections-for-workers']);
    const poolMax = Number(envValue(objects, workerContainer, 'DB_POOL_MAX'));
    // A rollout adds pods above the count only by its surge, which must be none for the arithmetic to hold.
    expect(worker.spec!.strategy?.rollingUpdate?.maxSurge).toBe(0);
    expect(poolMax).toBeGreaterThan(0);
    expect(scaler.spec.maxReplicaCount! * poolMax).toBeLessThanOrEqual(budget);
  });

  it('triggers on the backlog of the queues the gateway feeds, read from Prometheus as valid PromQL', () => {
    const triggers = scaler.spec.triggers;
    expect(triggers.map((t) => t.type)).toEqual(triggers.map(() => 'prometheus'));
    const queries = triggers.map((t) => t.metadata.query!);
    expect(queries.map((q) => ({ q, errors: promqlSyntaxErrors(q) }))).toEqual(
      queries.map((q) => ({ q, errors: [] })),
    );
    const queues = new Set(queries.flatMap((q) => [...q.matchAll(/queue="([^"]+)"/g)].map((m) => m[1])));
    expect(queues).toEqual(new Set([QUEUE_NAMES.interactions, QUEUE_NAMES.memberEvents]));
    for (const trigger of triggers) {
      expect(trigger.metadata.serverAddress).toMatch(/^https?:\/\/[a-z0-9.-]+:\d+$/);
      expect(Number(trigger.metadata.threshold)).toBeGreaterThan(0);
    }
  });

  it('adds no worker while intake is paused, and takes queue-wide gauges with max, never sum', () => {
    for (const { metadata } of scaler.spec.triggers) {
      expect(metadata.query).toMatch(/\* (?:on\(\) )?\(max\(droas_worker_paused\) == bool 0\)$/);
      // Every worker exports the same queue-wide value: summing across workers would count it once per pod.
      const gauges = metadata.query!.match(/droas_queue_/g) ?? [];
      const underMax = metadata.query!.match(/max(?:\s+by\s*\([a-z, ]*\))?\s*\(\s*droas_queue_/g) ?? [];
      expect(gauges.length).toBeGreaterThan(0);
      expect(underMax.length).toBe(gauges.length);
    }
  });

  it('has disruption budgets that select the worker and gateway pods and allow one away at a time', () => {
    for (const name of ['droas-worker', 'droas-gateway']) {
      const budget = as<IPodDisruptionBudget>(findObject(objects, 'PodDisruptionBudget', name));
      const kind = name === 'droas-worker' ? 'Deployment' : 'StatefulSet';
      const workload = as<IDeployment>(findObject(objects, kind, name));
      expect(budget.spec!.selector!.matchLabels).toEqual(workload.spec!.selector.matchLabels);
      expect(workload.spec!.template.metadata!.labels).toMatchObject(budget.spec!.selector!.matchLabels!);
      expect(budget.spec!.maxUnavailable).toBeDefined();
      expect(budget.spec!.minAvailable).toBeUndefined();
    }
  });

  it('replaces gateways one at a time, terminate-first (a StatefulSet rolling update, never surge or OnDelete)', () => {
    const gateway = as<IStatefulSet>(findObject(objects, 'StatefulSet', 'droas-gateway'));
    expect(gateway.spec!.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(gateway.spec!.serviceName).toBe('droas-gateway');
    const service = findObject(objects, 'Service', 'droas-gateway');
    expect(service.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'metrics', port: 9100 }] });
  });

  // planShards is the gateway's own: what each pod runs with HOST_INDEX = its index, HOST_COUNT = replicas.
  // It throws for a pod that would get no shard, so more pods than shards fails here too.
  it.each([undefined, 1, 3, 4])('gives every shard to exactly one gateway pod (replicas: %p)', (replicas) => {
    const rendered = replicas === undefined ? objects : renderOverlayWithGateways(overlay, replicas);
    const pods = as<IStatefulSet>(findObject(rendered, 'StatefulSet', 'droas-gateway')).spec!.replicas!;
    if (replicas !== undefined) expect(pods).toBe(replicas);
    const { totalShards, owners } = shardOwners(rendered);
    expect(totalShards).toBeGreaterThanOrEqual(pods);
    expect(owners.map((owner, shard) => ({ shard, pods: owner.length }))).toEqual(
      owners.map((_, shard) => ({ shard, pods: 1 })),
    );
    expect(new Set(owners.flat())).toEqual(new Set(Array.from({ length: pods }, (_, i) => i)));
  });
});
