// Drops the template database and stops the servers global-setup started (if it started any).
const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  const template = process.env.DROAS_TEST_TEMPLATE_DB;
  if (template && process.env.DATABASE_URL) {
    const { default: postgres } = await import('postgres');
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${template}" with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  }
  const started = globalThis.__droasJestServices;
  if (started) {
    await Promise.all(started.servers.map((server) => server.stop()));
    rmSync(started.scratch, { recursive: true, force: true });
  }
};
