/**
 * Deployment for DROAS: the checks of what `infra/` holds (images, Compose, Kubernetes manifests, Prometheus
 * rules and dashboards) live in this workspace's tests; this module names the folder they read.
 */
import { dirname, join } from 'node:path';

/** The `infra/` folder of this checkout. */
export const infraRoot = join(dirname(require.resolve('@droas/infra/package.json')));

/** A path inside `infra/`. */
export function infraPath(...parts: string[]): string {
  return join(infraRoot, ...parts);
}
