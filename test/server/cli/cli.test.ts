import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';

// @embedded-engine: the embedded default keeps its database in a data folder on disk (npm start), which no other file opens.

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/server/cli/main.js');

async function vanban(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('vanban CLI (compiled)', () => {
  let dataDir: string;
  let database: TestDatabase | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    expect(fs.existsSync(cli)).toBe(true);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-cli-'));
    env = { VANBAN_DATA_DIR: dataDir, VANBAN_DEMO: '0', VANBAN_KDF_LOG_N: '10', LOG_LEVEL: 'silent' };
    if (process.env.TEST_DATABASE_URL) {
      database = await createTestDatabase();
      env.DATABASE_URL = database.url!;
    }
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists its commands with --help, loading none of the heavy modules', async () => {
    const probe = path.join(dataDir, 'probe.js');
    fs.writeFileSync(probe, `process.on('exit', () => { const heavy = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](knex|express|pdf-lib|pkijs|node-forge|minio|@electric-sql)/.test(k)); require('fs').writeFileSync(${JSON.stringify(path.join(dataDir, 'loaded.json'))}, JSON.stringify(heavy)); });`);
    const res = await vanban(['--help'], env);
    expect(res.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed', 'org import', 'sign', 'verify', 'ca']) expect(res.stdout).toContain(cmd);
    await run(process.execPath, ['-r', probe, cli, '--help'], { cwd: root });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'loaded.json'), 'utf8'))).toEqual([]);
    const unknown = await vanban(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Lệnh không hợp lệ/);
  });

  it('outside the demo, refuses to start on secrets it did not choose (published admin password, none at all, no shared key on PostgreSQL)', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-cli-secrets-'));
    const own: Record<string, string> = { ...env, VANBAN_DATA_DIR: fresh, PORT: '0', HOST: '127.0.0.1' };
    try {
      const published = await vanban(['serve'], { ...own, VANBAN_ADMIN_PASSWORD: 'admin@Vanban2026' });
      expect(published.code).toBe(1);
      expect(published.stderr).toMatch(/VANBAN_ADMIN_PASSWORD đang là mật khẩu mẫu/);
      if (own.DATABASE_URL) {
        const noKey = await vanban(['serve'], { ...own, VANBAN_ADMIN_PASSWORD: 'Rieng-tu-2026!' });
        expect(noKey.code).toBe(1);
        expect(noKey.stderr).toMatch(/cần VANBAN_SECRET_KEY/);
      }
      const none = await vanban(['serve'], { ...own, VANBAN_SECRET_KEY: 'cd'.repeat(32) });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/đặt VANBAN_ADMIN_PASSWORD/);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('migrates, imports an organisation tree from JSON all-or-nothing, and verifies the audit chain', async () => {
    expect((await vanban(['migrate'], env)).code).toBe(0);
    const file = path.join(dataDir, 'tree.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        organizations: [
          {
            code: '000.00.00.H25',
            name: 'Ủy ban nhân dân tỉnh Nhập Thử',
            abbreviation: 'UBND',
            level: 'province',
            units: [{ name: 'Văn phòng', abbreviation: 'VP' }],
            children: [
              { code: '000.00.10.H25', name: 'UBND huyện Nhập', abbreviation: 'UBND', level: 'district', children: [{ code: '000.01.10.H25', name: 'UBND xã Nhập', abbreviation: 'UBND', level: 'commune' }] },
              { code: 'H25.XA.002', name: 'UBND xã Thẳng Tỉnh', abbreviation: 'UBND', level: 'commune' },
            ],
          },
        ],
      }),
    );
    const ok = await vanban(['org', 'import', file], env);
    expect(ok.stdout).toContain('Đã nhập 4 cơ quan mới, 1 đơn vị mới');
    expect(ok.code).toBe(0);

    const bad = path.join(dataDir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ code: '000.00.00.H26', name: 'Tỉnh Hỏng', abbreviation: 'UBND', level: 'province', children: [{ code: '000.00.01.H26', name: 'Xã trên tỉnh', abbreviation: 'X', level: 'central' }] }]));
    const failed = await vanban(['org', 'import', bad], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/INVALID_LEVEL_ORDER/);
    const fixed = path.join(dataDir, 'fixed.json');
    fs.writeFileSync(fixed, JSON.stringify([{ code: '000.00.00.H26', name: 'Tỉnh Hỏng', abbreviation: 'UBND', level: 'province' }]));
    expect((await vanban(['org', 'import', fixed], env)).stdout).toContain('Đã nhập 1 cơ quan mới');
    const again = await vanban(['org', 'import', file], env);
    expect(again.stdout).toContain('Đã nhập 0 cơ quan mới, 0 đơn vị mới; 4 cơ quan đã có');

    const notJson = path.join(dataDir, 'not.json');
    fs.writeFileSync(notJson, '{ nope');
    expect((await vanban(['org', 'import', notJson], env)).stderr).toMatch(/Không đọc được tệp JSON/);

    const audit = await vanban(['audit', 'verify'], env);
    expect(audit.stdout).toMatch(/Chuỗi nhật ký toàn vẹn/);
    expect(audit.code).toBe(0);
  });
});
