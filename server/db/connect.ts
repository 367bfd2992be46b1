import fs from 'node:fs';
import knexFactory, { Knex } from 'knex';
// knex-pglite exports its dialect class as the CommonJS module itself.
import ClientPgLite from 'knex-pglite';

export type Db = Knex;

export interface DatabaseTarget {
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  url?: string;
  /** Directory of the embedded database; absent (with no url) means in memory. */
  embeddedDir?: string;
  poolMax?: number;
}

// knex otherwise writes the query with its bound values (password hashes, tokens) into error messages.
const noValuesInErrors = { compileSqlOnError: false } as const;

export function connectDatabase(target: DatabaseTarget): Db {
  if (target.url) {
    return knexFactory({
      client: 'pg',
      connection: target.url,
      pool: { min: 0, max: target.poolMax ?? 10 },
      ...noValuesInErrors,
    });
  }
  if (target.embeddedDir) fs.mkdirSync(target.embeddedDir, { recursive: true });
  return knexFactory({
    client: ClientPgLite,
    connection: target.embeddedDir ? { filename: target.embeddedDir } : {},
    ...noValuesInErrors,
  });
}

export function isEmbedded(db: Db): boolean {
  return db.client.config.client === ClientPgLite;
}
