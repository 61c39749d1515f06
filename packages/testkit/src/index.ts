export { createTestDatabase, type TestDatabase } from './testDatabase.js';
export { createTestRedisNamespace, type TestRedisNamespace } from './testRedis.js';
export { testEnv } from './env.js';
export { uniqueName } from './uniqueName.js';
export { eventually, spawnApp, type AppProcess } from './appProcess.js';
export { freePort, startPrivateRedis, type PrivateRedis } from './privateRedis.js';
