/** One object of a rendered manifest, as parsed from YAML: what every Kubernetes object has. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Whether a parsed YAML document has the fields every Kubernetes object has. */
export function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  return (
    typeof apiVersion === 'string' &&
    typeof kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === 'string'
  );
}

/** The one object of `kind` named `name` (a generated name's hash suffix aside), or a TypeError naming it. */
export function findObject(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.filter(
    (o) => o.kind === kind && (o.metadata.name === name || generatedFrom(o.metadata.name) === name),
  );
  if (found.length !== 1) {
    throw new TypeError(`expected one ${kind} named ${name}, found ${found.length}`);
  }
  return found[0]!;
}

/** `droas-shared-env-c84dm7hdt6` → `droas-shared-env`: the name a kustomize generator was given. */
function generatedFrom(name: string): string {
  return name.replace(/-[a-z0-9]{10}$/, '');
}
