import type { IContainer } from 'kubernetes-models/v1/Container';
import { findObject, type KubeObject } from './kubeObject.js';

/** One environment variable a container gets, and where its value comes from. */
export type EnvSource =
  | { kind: 'value'; value: string }
  | { kind: 'configMap'; configMap: string; key: string; value: string }
  | { kind: 'secret'; secret: string; key: string }
  | { kind: 'field'; fieldPath: string };

/**
 * Every variable `container` is given, by name, resolving `envFrom` and `configMapKeyRef` against the
 * ConfigMaps rendered beside it (a missing one, or a missing key, throws naming it). Later sources win, and
 * `env` wins over `envFrom`, as in Kubernetes.
 */
export function containerEnv(container: IContainer, objects: readonly KubeObject[]): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) {
      throw new TypeError(`${container.name}: envFrom a Secret hands over every key; name each one instead`);
    }
    if (!from.configMapRef) continue;
    const configMap = from.configMapRef.name!;
    for (const [key, value] of Object.entries(configMapData(objects, configMap))) {
      env.set(`${from.prefix ?? ''}${key}`, { kind: 'configMap', configMap, key, value });
    }
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom;
    if (ref?.configMapKeyRef) {
      const { name, key } = ref.configMapKeyRef;
      const value = configMapData(objects, name!)[key];
      if (value === undefined) throw new TypeError(`${variable.name}: ConfigMap ${name} has no key ${key}`);
      env.set(variable.name, { kind: 'configMap', configMap: name!, key, value });
    } else if (ref?.secretKeyRef) {
      env.set(variable.name, { kind: 'secret', secret: ref.secretKeyRef.name!, key: ref.secretKeyRef.key });
    } else if (ref?.fieldRef) {
      env.set(variable.name, { kind: 'field', fieldPath: ref.fieldRef.fieldPath });
    } else if (ref) {
      throw new TypeError(
        `${variable.name}: only values, ConfigMap, Secret and field references are expected`,
      );
    } else {
      env.set(variable.name, { kind: 'value', value: variable.value ?? '' });
    }
  }
  return env;
}

function configMapData(objects: readonly KubeObject[], name: string): Record<string, string> {
  return (findObject(objects, 'ConfigMap', name).data ?? {}) as Record<string, string>;
}
