import type { Knex } from 'knex';
import type { Db } from './connect';
import * as platform from './migrations/001_platform';
import * as workflow from './migrations/002_workflow';
import * as internalRecipients from './migrations/003_internal_recipients';
import * as verification from './migrations/009_verification';
import * as security from './migrations/010_security';
import * as search from './migrations/012_search';
import * as dossiers from './migrations/013_dossiers';
import * as exchange from './migrations/014_exchange';
import * as administration from './migrations/015_administration';
import * as adminTree from './migrations/017_admin_tree';
import * as searchScale from './migrations/019_search_scale';
import * as round4Administration from './migrations/020_round4_administration';
import * as copySearchOnce from './migrations/021_copy_search_once';
import * as textRefreshAppends from './migrations/022_text_refresh_appends';
import * as fileTextWaitsForCopies from './migrations/023_file_text_waits_for_copies';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Listed statically so the same list works from TypeScript sources (tests) and compiled JS (dist).
const migrations: Record<string, Migration> = {
  '001_platform': platform,
  '002_workflow': workflow,
  '003_internal_recipients': internalRecipients,
  '009_verification': verification,
  '010_security': security,
  '012_search': search,
  '013_dossiers': dossiers,
  '014_exchange': exchange,
  '015_administration': administration,
  '017_admin_tree': adminTree,
  '019_search_scale': searchScale,
  '020_round4_administration': round4Administration,
  '021_copy_search_once': copySearchOnce,
  '022_text_refresh_appends': textRefreshAppends,
  '023_file_text_waits_for_copies': fileTextWaitsForCopies,
};

class StaticMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return Object.keys(migrations).sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Migration> {
    return migrations[name];
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: new StaticMigrationSource() })) as [number, string[]];
  return applied;
}
