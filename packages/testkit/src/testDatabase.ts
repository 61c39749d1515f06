import postgres from 'postgres';
import { testEnv } from './env.js';
import { uniqueName } from './uniqueName.js';

export interface TestDatabase {
  /** Connection string of a fresh database that has every migration applied. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

/**
 * A private, migrated database for one test file, cloned from the template that jest's global setup
 * migrated once. Cloning takes milliseconds, so every file gets its own and files run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('t');
  const admin = postgres(testEnv.databaseUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${testEnv.templateDatabase()}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(testEnv.databaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const sql = postgres(testEnv.databaseUrl(), { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
