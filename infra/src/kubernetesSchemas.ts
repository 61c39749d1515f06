import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { KubeObject } from './kubeObject.js';

/**
 * A kubernetes-models class: built from an object's fields, validated against its JSON schema. Its data
 * parameter is `never` here because each class wants its own kind's fields; a rendered object is unchecked.
 */
type Model = new (data: never) => { validate(): void };

/** One kind the manifests may use: its schema, and the module declaring its TypeScript interface. */
export interface KindSchema {
  model: Model;
  /** e.g. `kubernetes-models/apps/v1/Deployment`, which declares `I<Kind>`. */
  typesModule: string;
}

/**
 * The kinds the manifests use, each with the schema it is checked against: Kubernetes' OpenAPI schemas from
 * `kubernetes-models` 4.5 (the 1.33 API: GA ServiceCIDR, nothing of 1.34), KEDA's CRD schemas from
 * `@kubernetes-models/keda`. Offline: the schemas are compiled into those packages. A kind missing here fails
 * the check rather than passing unchecked.
 */
export const KIND_SCHEMAS: Readonly<Record<string, KindSchema>> = {
  'v1/Namespace': { model: Namespace, typesModule: 'kubernetes-models/v1/Namespace' },
  'v1/ConfigMap': { model: ConfigMap, typesModule: 'kubernetes-models/v1/ConfigMap' },
  'v1/Secret': { model: Secret, typesModule: 'kubernetes-models/v1/Secret' },
  'v1/Service': { model: Service, typesModule: 'kubernetes-models/v1/Service' },
  'apps/v1/Deployment': { model: Deployment, typesModule: 'kubernetes-models/apps/v1/Deployment' },
  'apps/v1/StatefulSet': { model: StatefulSet, typesModule: 'kubernetes-models/apps/v1/StatefulSet' },
  'batch/v1/Job': { model: Job, typesModule: 'kubernetes-models/batch/v1/Job' },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    typesModule: 'kubernetes-models/policy/v1/PodDisruptionBudget',
  },
  'keda.sh/v1alpha1/ScaledObject': {
    model: ScaledObject,
    typesModule: '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject',
  },
};

/** The schema of `object`'s apiVersion and kind, or a message saying there is none. */
export function kindSchema(object: KubeObject): KindSchema | string {
  const key = `${object.apiVersion}/${object.kind}`;
  return (
    KIND_SCHEMAS[key] ??
    `${object.kind} ${object.metadata.name}: no schema for ${key} (known: ${Object.keys(KIND_SCHEMAS).join(', ')})`
  );
}

/**
 * What is wrong with `object` against the schema of its apiVersion and kind: one message per problem, empty
 * when it is valid. Like the API server's OpenAPI schemas, these do not reject fields they do not know (the
 * server's strict field validation does): `unknownFieldErrors` checks that.
 */
export function schemaErrors(object: KubeObject): string[] {
  const schema = kindSchema(object);
  if (typeof schema === 'string') return [schema];
  try {
    new schema.model(object as never).validate();
    return [];
  } catch (error) {
    return [
      `${object.kind} ${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`,
    ];
  }
}
