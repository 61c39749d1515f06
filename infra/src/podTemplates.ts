import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { KubeObject } from './kubeObject.js';

/** The pod template of a workload, and the workload it belongs to. */
export interface PodTemplate {
  owner: KubeObject;
  template: IPodTemplateSpec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

/** Every workload's pod template, for objects that have passed their schema check. */
export function podTemplates(objects: readonly KubeObject[]): PodTemplate[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind))
    .map((owner) => ({ owner, template: (owner.spec as { template: IPodTemplateSpec }).template }));
}

/** A pod's init containers and containers. */
export function containersOf(template: IPodTemplateSpec): IContainer[] {
  return [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])];
}

/**
 * `droas/worker` for `droas/worker:dev` or `registry.example.com/droas/worker:1.4.0`: which DROAS image a
 * container runs, whatever registry and tag an overlay gave it; undefined for any other image.
 */
export function droasImage(image: string | undefined): string | undefined {
  return /(?:^|\/)(droas\/[a-z0-9-]+)(?::[^/]+)?(?:@sha256:[0-9a-f]+)?$/.exec(image ?? '')?.[1];
}
