// @droas/services for the scripts. Imported by path, not by name: the scripts run before `npm ci` has linked
// the workspaces into node_modules (the package has no dependencies and needs no build for exactly this).
// eslint-disable-next-line no-restricted-imports -- see above
export * from '../../packages/services/src/index.js';
