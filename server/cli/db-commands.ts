import fs from 'node:fs/promises';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { loadConfig } from '../config/env';
import { auditKeyFor, openDatabase, prepareDatabase } from '../composition';
import type { Db } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { importOrganizations } from '../organizations/import-organizations';
import { seedDemo } from '../seed/seed-demo';

async function withDatabase(fn: (db: Db) => Promise<number>): Promise<number> {
  const db = openDatabase(loadConfig());
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export const runMigrate = (): Promise<number> =>
  withDatabase(async (db) => {
    const applied = await migrateToLatest(db);
    process.stdout.write(applied.length ? `Đã áp dụng: ${applied.join(', ')}\n` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất\n');
    return 0;
  });

export const runSeed = (): Promise<number> =>
  withDatabase(async (db) => {
    const config = { ...loadConfig(), demo: false };
    await prepareDatabase(db, config, { adminOptional: true });
    const accounts = await seedDemo(db, config.VANBAN_DEMO_PASSWORD, config.VANBAN_KDF_LOG_N);
    process.stdout.write(accounts ? `Đã nạp dữ liệu mẫu: ${accounts.length} tài khoản\n` : 'Cơ sở dữ liệu đã có dữ liệu, không nạp dữ liệu mẫu\n');
    return 0;
  });

export async function runOrg(args: string[]): Promise<number> {
  const [sub, file] = args;
  if (sub !== 'import' || !file) {
    process.stderr.write('Cách dùng: vanban org import FILE.json\n');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`Không đọc được tệp JSON ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  return withDatabase(async (db) => {
    await prepareDatabase(db, { ...loadConfig(), demo: false }, { adminOptional: true });
    const result = await importOrganizations(db, null, raw);
    process.stdout.write(`Đã nhập ${result.created} cơ quan mới, ${result.units} đơn vị mới; ${result.skipped} cơ quan đã có\n`);
    return 0;
  });
}

export async function runAudit(args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    process.stderr.write('Cách dùng: vanban audit verify\n');
    return 2;
  }
  return withDatabase(async (db) => {
    // With the server's key: a log rewritten and re-chained without it fails at the head or a checkpoint.
    const report = await verifyAuditChain(db, auditKeyFor(loadConfig()));
    if (report.ok) {
      process.stdout.write(`Chuỗi nhật ký toàn vẹn: ${report.checked} sự kiện\n`);
      return 0;
    }
    process.stdout.write(`Chuỗi nhật ký KHÔNG toàn vẹn${report.brokenAt ? ` tại sự kiện #${report.brokenAt}` : ''}: ${report.reason}\n`);
    return 1;
  });
}
