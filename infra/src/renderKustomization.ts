import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { isKubeObject, type KubeObject } from './kubeObject.js';

/**
 * `kubectl kustomize <dir>`, parsed: every object the directory renders to. kubectl (1.27 or later, whose
 * built-in kustomize is v5) must be on PATH; without it this throws saying so, never returns nothing.
 */
export function renderKustomization(dir: string): KubeObject[] {
  const text = kubectl(['kustomize', dir]);
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`document ${i} of ${dir}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (!isKubeObject(value)) throw new Error(`document ${i} of ${dir} is not a Kubernetes object`);
    return value;
  });
}

/** `kubectl version --client`: kubectl's version and its kustomize's, for the test log. */
export function kubectlVersion(): string {
  return kubectl(['version', '--client']).trim();
}

function kubectl(args: string[]): string {
  try {
    return execFileSync('kubectl', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        'kubectl not found on PATH: rendering the Kubernetes manifests needs kubectl 1.27 or later ' +
          '(its built-in kustomize is v5); install it, or put it on PATH',
      );
    }
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr?.trim() || String(error)}`);
  }
}
