import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pooledKeySource } from './key-pool';
import pino from 'pino';
import { loadConfig, type AppConfig } from '../../server/config/env';
import { startVanban, type Vanban } from '../../server/composition';
import { createTestDatabase, type TestDatabase } from './test-database';

export const ADMIN_PASSWORD = 'admin-test-Pa55';
export const DEMO_PASSWORD = 'Demo-test-2026';

export interface TestServer {
  vanban: Vanban;
  url: string;
  database: TestDatabase;
  dataDir: string;
  stop(): Promise<void>;
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    VANBAN_DATA_DIR: dataDir,
    VANBAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    VANBAN_DEMO_PASSWORD: DEMO_PASSWORD,
    VANBAN_DEMO: '0',
    VANBAN_KDF_LOG_N: '10',
    LOG_LEVEL: 'silent',
    VANBAN_CHECK_RESPONSES: '1',
    ...env,
  });
}

/** The real server on a random loopback port, on a fresh database and a temporary data folder. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-test-'));
  const database = await createTestDatabase({ migrated: true });
  const config = testConfig(dataDir, env);
  const vanban = await startVanban(config, { db: database.db, logger: pino({ level: 'silent' }), demoKeySource: pooledKeySource() });
  return {
    vanban,
    url: vanban.url,
    database,
    dataDir,
    stop: async () => {
      await vanban.stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
