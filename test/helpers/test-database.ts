import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { connectDatabase, type Db } from '../../server/db/connect';

export interface TestDatabase {
  db: Db;
  /** PostgreSQL connection string of the fresh database, when running against a real server. */
  url?: string;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

/**
 * A fresh database per call: a new PostgreSQL database when TEST_DATABASE_URL is set (CI sets it
 * to the local server), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = connectDatabase({});
    return { db, kind: 'pglite', drop: () => db.destroy() };
  }
  const name = `vanban_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = connectDatabase({ url: url.toString() });
  return {
    db,
    url: url.toString(),
    kind: 'postgres',
    drop: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
