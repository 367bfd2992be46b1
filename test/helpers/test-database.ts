import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { connectDatabase, dumpEmbedded, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';

export interface TestDatabase {
  db: Db;
  /** PostgreSQL connection string of the fresh database, when running against a real server. */
  url?: string;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * Start with every migration applied (what the server would do first anyway). The database is
   * cloned from a template migrated once per migration set, instead of migrating it again.
   */
  migrated?: boolean;
}

const root = path.resolve(__dirname, '../..');

/**
 * Names the schema a template holds: the migration sources and the embedded engine's version. A
 * changed migration gives a new name, so a stale template is never used.
 */
function templateKey(): string {
  const hash = createHash('sha256');
  const dir = path.join(root, 'server/db/migrations');
  for (const file of [...fs.readdirSync(dir).sort().map((f) => path.join(dir, f)), path.join(root, 'server/db/migrate.ts')]) {
    hash.update(path.basename(file)).update(fs.readFileSync(file));
  }
  // The package's `exports` map hides package.json; it sits one folder above the entry point (dist/).
  hash.update(JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The embedded template: a tarball of a data directory in the temp folder, built by the first test
 * that needs it (written aside and renamed, so parallel workers never read half a file).
 */
async function embeddedTemplate(migrated: boolean): Promise<Blob> {
  const file = path.join(os.tmpdir(), `vanban-test-pglite-${migrated ? 'migrated' : 'blank'}-${templateKey()}.tar`);
  if (!fs.existsSync(file)) {
    const db = connectDatabase({});
    try {
      if (migrated) await migrateToLatest(db);
      const tarball = await dumpEmbedded(db);
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      fs.writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
      fs.renameSync(partial, file);
    } finally {
      await db.destroy();
    }
  }
  return new Blob([fs.readFileSync(file)]);
}

/**
 * The PostgreSQL template database, migrated once per migration set on this server. Built under a
 * private name and renamed into place, so nobody clones it half-migrated (and two builders racing
 * both succeed: the loser drops its copy). The name does not start with the per-test prefix, so a
 * clean-up of `vanban_t_…` databases leaves it alone; IS_TEMPLATE also refuses a plain DROP.
 */
async function postgresTemplate(admin: Knex, adminUrl: string): Promise<string> {
  const name = `tpl_vanban_${templateKey()}`;
  const exists = async () => (await admin('pg_database').where({ datname: name }).first()) !== undefined;
  if (await exists()) return name;
  const building = `tplb_vanban_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin.raw(`CREATE DATABASE ${building}`);
  const url = new URL(adminUrl);
  url.pathname = `/${building}`;
  const db = connectDatabase({ url: url.toString(), poolMax: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  try {
    await admin.raw(`ALTER DATABASE ${building} RENAME TO ${name}`);
    await admin.raw(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
  } catch (err) {
    await admin.raw(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    if (!(await exists())) throw err;
  }
  return name;
}

/**
 * A fresh database per call: a new PostgreSQL database when TEST_DATABASE_URL is set (CI sets it
 * to the local server), otherwise an in-memory PGlite. Empty unless `migrated` is asked for.
 */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // Even an empty one starts from a tarball: PGlite's initdb alone takes seconds.
    const db = connectDatabase({ embeddedSnapshot: await embeddedTemplate(opts.migrated === true) });
    return { db, kind: 'pglite', drop: () => db.destroy() };
  }
  const name = `vanban_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  const template = opts.migrated ? ` TEMPLATE ${await postgresTemplate(admin, adminUrl)}` : '';
  await admin.raw(`CREATE DATABASE ${name}${template}`);
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
