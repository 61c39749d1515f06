import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { KubeObject } from './kubeObject.js';

/** A kubernetes-models class: built from an object's fields, validated against its JSON schema. */
type Model = new (data: Record<string, unknown>) => { validate(): void };

/**
 * The kinds the manifests use, each with the schema it is checked against: Kubernetes' OpenAPI schemas
 * (1.31) from `kubernetes-models`, KEDA's CRD schemas from `@kubernetes-models/keda`. Offline: the schemas are
 * compiled into those packages. A kind missing here fails the check rather than passing unchecked.
 */
const MODELS: Record<string, Model> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/**
 * What is wrong with `object` against the schema of its apiVersion and kind: one message per problem, empty
 * when it is valid. Like the API server's OpenAPI schemas, these do not reject fields they do not know
 * (the server's strict field validation does); see `unknownFieldPaths` for that.
 */
export function schemaErrors(object: KubeObject): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[key];
  const where = `${object.kind} ${object.metadata.name}`;
  if (!Model) return [`${where}: no schema for ${key} (known: ${Object.keys(MODELS).join(', ')})`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
