// Every Kubernetes overlay renders with kubectl's kustomize and every object it renders is valid against the
// Kubernetes (1.33) and KEDA schemas, offline. A broken object fails the same check, so the check is real.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { infraPath } from '../src/index.js';
import { isKubeObject, type KubeObject } from '../src/kubeObject.js';
import { schemaErrors } from '../src/kubernetesSchemas.js';
import { kubectlVersion } from '../src/renderKustomization.js';
import { unknownFieldErrors } from '../src/unknownFields.js';
import { OVERLAYS, renderOverlay } from './k8sOverlays.js';

describe('Kubernetes manifests: rendering and schemas', () => {
  it('finds kubectl with a kustomize of version 5', () => {
    const version = kubectlVersion();
    process.stdout.write(`${version}\n`);
    expect(version).toMatch(/Kustomize Version: v5\./);
  });

  it('has the simulator and production overlays', () => {
    expect(OVERLAYS).toEqual(expect.arrayContaining(['production', 'simulator']));
  });

  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlay(overlay);
    });

    it('renders the workloads, their autoscaler and disruption budgets', () => {
      const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(kinds).toEqual(
        expect.arrayContaining([
          'Deployment/droas-worker',
          'ScaledObject/droas-worker',
          'PodDisruptionBudget/droas-worker',
          'StatefulSet/droas-gateway',
          'Service/droas-gateway',
          'PodDisruptionBudget/droas-gateway',
        ]),
      );
    });

    it('renders only objects valid against their schema', () => {
      expect(objects.flatMap(schemaErrors)).toEqual([]);
    });

    it('renders no field the schemas do not know (what strict field validation would refuse)', () => {
      expect(unknownFieldErrors(objects)).toEqual([]);
    });

    it('puts every namespaced object in the overlay namespace', () => {
      const namespaces = new Set(
        objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace),
      );
      expect([...namespaces]).toEqual([objects.find((o) => o.kind === 'Namespace')?.metadata.name]);
    });
  });

  it('rejects a broken Deployment, StatefulSet, PodDisruptionBudget and ScaledObject', () => {
    const objects = renderOverlay('simulator');
    // A copy of the rendered `kind` with the field at `path` set to `value` (removed when undefined).
    const broken = (kind: string, path: (string | number)[], value: unknown): string[] => {
      const copy = structuredClone(
        objects.find((o) => o.kind === kind && o.metadata.name.startsWith('droas-'))!,
      );
      const parent = path
        .slice(0, -1)
        .reduce<Record<string | number, unknown>>(
          (node, key) => node[key] as Record<string | number, unknown>,
          copy,
        );
      if (value === undefined) delete parent[path.at(-1)!];
      else parent[path.at(-1)!] = value;
      return schemaErrors(copy);
    };
    expect(broken('Deployment', ['spec', 'template', 'spec', 'containers', 0, 'image'], 42)).toEqual([
      expect.stringContaining('image must be string'),
    ]);
    expect(broken('StatefulSet', ['spec', 'selector'], undefined)).toEqual([
      expect.stringContaining('must have required property selector'),
    ]);
    expect(broken('PodDisruptionBudget', ['spec', 'unhealthyPodEvictionPolicy'], { always: true })).toEqual([
      expect.stringContaining('unhealthyPodEvictionPolicy must be string'),
    ]);
    expect(broken('ScaledObject', ['spec', 'triggers'], undefined)).toEqual([
      expect.stringContaining('must have required property triggers'),
    ]);
    expect(broken('ScaledObject', ['spec', 'maxReplicaCount'], '18')).toEqual([
      expect.stringContaining('maxReplicaCount must be integer'),
    ]);
  });

  it('finds a misspelt field, which the schemas alone let through', () => {
    const objects = renderOverlay('simulator');
    const worker = structuredClone(
      objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'droas-worker')!,
    );
    const container = (worker.spec as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec.containers[0]!;
    container.readinessprobe = container.readinessProbe;
    delete container.readinessProbe;
    expect(schemaErrors(worker)).toEqual([]);
    expect(unknownFieldErrors([worker])).toEqual([
      expect.stringMatching(
        /^Deployment droas-worker: .*readinessprobe.* does not exist in type 'IContainer'/,
      ),
    ]);
  });

  it("checks production's example Secret against the Secret schema", () => {
    const example: unknown = parse(
      readFileSync(infraPath('k8s/overlays/production/secret.example.yaml'), 'utf8'),
    );
    expect(isKubeObject(example) && schemaErrors(example)).toEqual([]);
  });
});
