import fs from 'node:fs';
import knexFactory, { Knex } from 'knex';
// knex-pglite exports its dialect class as the CommonJS module itself.
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
// Resolved through the package's `exports` map (contrib/*), which TypeScript's node10 resolution does not read.
const { unaccent } = require('@electric-sql/pglite/contrib/unaccent') as { unaccent: import('@electric-sql/pglite').Extension };

export type Db = Knex;

export interface DatabaseTarget {
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  url?: string;
  /** Directory of the embedded database; absent (with no url) means in memory. */
  embeddedDir?: string;
  poolMax?: number;
}

export function connectDatabase(target: DatabaseTarget): Db {
  if (target.url) {
    return knexFactory({
      client: 'pg',
      connection: target.url,
      pool: { min: 0, max: target.poolMax ?? 10 },
    });
  }
  if (target.embeddedDir) fs.mkdirSync(target.embeddedDir, { recursive: true });
  // Full-text search needs `unaccent` (migration 012), which PGlite loads only when asked here.
  const pglite = new PGlite(target.embeddedDir, { extensions: { unaccent } });
  return knexFactory({
    client: ClientPgLite,
    connection: { pglite } as unknown as Knex.StaticConnectionConfig,
  });
}

export function isEmbedded(db: Db): boolean {
  return db.client.config.client === ClientPgLite;
}
