import fs from 'node:fs';
import knexFactory, { Knex } from 'knex';
// knex-pglite exports its dialect class as the CommonJS module itself.
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { flushDeferredBegin, queryWithDeferredBegin, type DeferrableConnection } from './deferred-begin';
import { withStatementName } from './prepared';
// Resolved through the package's `exports` map (contrib/*), which TypeScript's node10 resolution does not read.
const { unaccent } = require('@electric-sql/pglite/contrib/unaccent') as { unaccent: import('@electric-sql/pglite').Extension };

export type Db = Knex;

export interface DatabaseTarget {
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  url?: string;
  /** Directory of the embedded database; absent (with no url) means in memory. */
  embeddedDir?: string;
  poolMax?: number;
  /** Embedded only: a data directory tarball (from `dumpEmbedded`) to start from instead of running initdb. */
  embeddedSnapshot?: Blob;
}

// knex otherwise writes the query with its bound values (password hashes, tokens) into error messages.
const noValuesInErrors = { compileSqlOnError: false } as const;
/**
 * PGlite starts its WebAssembly Postgres (and loads unaccent) when created, which takes several
 * seconds, far longer on a busy machine: give the single connection's creation time to finish.
 */
class EmbeddedClient extends (ClientPgLite as unknown as new (config: Knex.Config) => { getPoolSettings(c: object): object }) {
  getPoolSettings(poolConfig: object): object {
    return { ...super.getPoolSettings(poolConfig), createTimeoutMillis: 300_000, acquireTimeoutMillis: 300_000 };
  }
}

/** knex's pg client with the statements marked by `prepared` (see prepared.ts) named, so PostgreSQL parses them once. */
type PgQuery = { sql: string; bindings?: unknown[]; options?: Record<string, unknown>; response?: unknown };
type PgConnection = DeferrableConnection & { parsedStatements?: Record<string, string> };
// The dialect class has no type declarations of its own; only `_query` and `_stream` are used.
const KnexPgClient = require('knex/lib/dialects/postgres') as new (config: Knex.Config) => { _query(connection: PgConnection, obj: PgQuery): Promise<unknown>; _stream(connection: PgConnection, ...rest: unknown[]): Promise<unknown> };
class PostgresClient extends KnexPgClient {
  async _query(connection: PgConnection, obj: PgQuery): Promise<unknown> {
    if (!obj.sql) throw new Error('The query is empty');
    obj.options = withStatementName(obj.sql, obj.options, connection);
    // knex's own `_query`, with a transaction's BEGIN carried by its first statement (deferred-begin.ts).
    obj.response = await queryWithDeferredBegin(connection, { text: obj.sql, values: obj.bindings ?? [], ...obj.options });
    return obj;
  }

  async _stream(connection: PgConnection, ...rest: unknown[]): Promise<unknown> {
    await flushDeferredBegin(connection);
    return super._stream(connection, ...rest);
  }
}

export function connectDatabase(target: DatabaseTarget): Db {
  if (target.url) {
    return knexFactory({
      client: PostgresClient as unknown as typeof knexFactory.Client,
      connection: target.url,
      pool: { min: 0, max: target.poolMax ?? 10 },
      ...noValuesInErrors,
    });
  }
  if (target.embeddedDir) fs.mkdirSync(target.embeddedDir, { recursive: true });
  // Full-text search needs `unaccent` (migration 012), which PGlite loads only when asked here.
  const pglite = target.embeddedDir
    ? new PGlite(target.embeddedDir, { extensions: { unaccent }, loadDataDir: target.embeddedSnapshot })
    : new PGlite({ extensions: { unaccent }, loadDataDir: target.embeddedSnapshot });
  return knexFactory({
    client: EmbeddedClient as unknown as typeof ClientPgLite,
    // A function, so knex hands the instance over as is instead of cloning it like a settings object.
    connection: (() => ({ pglite })) as unknown as Knex.StaticConnectionConfig,
    ...noValuesInErrors,
  });
}

/**
 * A tarball of an embedded database's data directory. Tests migrate one database per run and start
 * the others from its tarball: initdb and the migrations cost seconds per database on a busy machine.
 */
export async function dumpEmbedded(db: Db): Promise<Blob> {
  if (!isEmbedded(db)) throw new Error('dumpEmbedded: not an embedded database');
  // knex-pglite keeps the instance it drives on its client; acquiring a connection waits until it is ready.
  const connection = await db.client.acquireConnection();
  try {
    return await (connection as PGlite).dumpDataDir('none');
  } finally {
    await db.client.releaseConnection(connection);
  }
}

export function isEmbedded(db: Db): boolean {
  return db.client.config.client === EmbeddedClient;
}
