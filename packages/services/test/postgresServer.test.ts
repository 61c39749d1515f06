import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { findRunningPostgres, startPostgres, type PostgresServer } from '../src/index.js';

describe('startPostgres', () => {
  let server: PostgresServer;
  let sql: postgres.Sql;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droas-services-pg-'));
    chmodSync(dir, 0o755); // the postgres user enters it when we are root
    server = await startPostgres({
      dir,
      fsync: false,
      database: 'services_test',
      settings: { max_connections: 20 },
    });
    sql = postgres(server.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end({ timeout: 1 });
    await server.close();
  });

  it('initdbs a cluster with fsync off and the extra settings, and creates the database', async () => {
    const [row] = await sql<{ fsync: string; max: string; db: string }[]>`
      select current_setting('fsync') as fsync, current_setting('max_connections') as max,
             current_database() as db`;
    expect(row).toEqual({ fsync: 'off', max: '20', db: 'services_test' });
  });

  it('keeps its port and its data across stop and start', async () => {
    await sql`create table kept (v int)`;
    await sql`insert into kept values (1)`;
    await server.stop();
    await server.start();
    const rows = await sql<{ v: number }[]>`select v from kept`;
    expect(rows.map((r) => r.v)).toEqual([1]);
  });

  it('comes back after a kill -9 (crash recovery) when started again', async () => {
    const crashed = new Promise((resolve) => server.onExit(resolve));
    process.kill(server.pid()!, 'SIGKILL');
    expect(await crashed).toEqual({ code: null, signal: 'SIGKILL' });
    await server.start();
    const rows = await sql<{ v: number }[]>`select v from kept`;
    expect(rows.map((r) => r.v)).toEqual([1]);
  });

  it('is found running through its postmaster.pid, with a URL that connects', async () => {
    const found = await findRunningPostgres({ dir: server.dir, database: 'services_test' });
    expect(found).toMatchObject({ pid: server.pid(), port: server.port, url: server.url });
    await server.stop();
    expect(await findRunningPostgres({ dir: server.dir })).toBeUndefined();
    await server.start();
  });
});
