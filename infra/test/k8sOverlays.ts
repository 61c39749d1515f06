// The Kubernetes overlays under infra/k8s, rendered with kubectl for the tests.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { infraPath } from '../src/index.js';
import type { KubeObject } from '../src/kubeObject.js';
import { renderKustomization } from '../src/renderKustomization.js';

/** Every overlay's folder name (simulator, production, …): a new overlay is checked without listing it here. */
export const OVERLAYS = readdirSync(infraPath('k8s', 'overlays'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** What `kubectl kustomize infra/k8s/overlays/<name>` renders. */
export function renderOverlay(name: string): KubeObject[] {
  return renderKustomization(infraPath('k8s', 'overlays', name));
}

/**
 * The overlay rendered with its gateway count changed to `replicas`, the way an operator changes it: the one
 * `replicas:` entry of its kustomization.yaml, in a copy of infra/k8s.
 */
export function renderOverlayWithGateways(name: string, replicas: number): KubeObject[] {
  const copy = mkdtempSync(join(tmpdir(), 'droas-k8s-'));
  try {
    cpSync(infraPath('k8s'), copy, { recursive: true });
    const file = join(copy, 'overlays', name, 'kustomization.yaml');
    const kustomization = parseDocument(readFileSync(file, 'utf8'));
    const entries = kustomization.toJS() as { replicas?: { name: string; count: number }[] };
    const index = (entries.replicas ?? []).findIndex((r) => r.name === 'droas-gateway');
    if (index < 0) throw new TypeError(`${name}: kustomization.yaml sets no replicas for droas-gateway`);
    kustomization.setIn(['replicas', index, 'count'], replicas);
    writeFileSync(file, kustomization.toString());
    return renderKustomization(join(copy, 'overlays', name));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
