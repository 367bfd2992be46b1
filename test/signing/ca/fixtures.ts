import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { initCa, issueCertificate, type CaBundle, type IssuedCertificate } from '../../../signing/ca';
import { pooledKeySource } from '../../helpers/key-pool';

export interface DemoPki {
  ca: CaBundle;
  /** Commune chairman, RSA (personal signature). */
  leader: IssuedCertificate;
  /** The commune's seal certificate (agency signature). */
  seal: IssuedCertificate;
  /** An official (chuyên viên) of the same commune. */
  official: IssuedCertificate;
  /** Same leader on an ECDSA P-256 key. */
  leaderEc: IssuedCertificate;
}

export const DEMO_AGENCY = 'UBND xã Hiền Vân';

let cached: Promise<DemoPki> | undefined;
const tempDirs: string[] = [];

// Jest hands test code a sandboxed `process` whose 'exit' never fires: clean up after the
// importing test file instead (each file has its own module registry, hence its own CA).
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * One demo CA per test file (RSA keygen is the slow part on the shared box), in a temp dir
 * removed after the file's tests.
 */
export function demoPki(): Promise<DemoPki> {
  cached ??= createDemoPki();
  return cached;
}

async function createDemoPki(): Promise<DemoPki> {
  const dir = scratchDir('vanban-ca-');
  const ca = await initCa(path.join(dir, 'ca'), { keySource: pooledKeySource() });
  const leader = await issueCertificate(ca, {
    commonName: 'Nguyễn Văn Hùng',
    organization: DEMO_AGENCY,
    organizationalUnit: 'Lãnh đạo UBND',
    email: 'hung.nv@hienvan.demo.vn',
  });
  const seal = await issueCertificate(ca, { commonName: DEMO_AGENCY, organization: DEMO_AGENCY, organizationalUnit: 'Văn phòng', seal: true });
  const official = await issueCertificate(ca, { commonName: 'Trần Thị Thu Hà', organization: DEMO_AGENCY, organizationalUnit: 'Văn phòng' });
  const leaderEc = await issueCertificate(ca, {
    commonName: 'Nguyễn Văn Hùng',
    organization: DEMO_AGENCY,
    organizationalUnit: 'Lãnh đạo UBND',
    keyType: 'ec',
  });
  return { ca, leader, seal, official, leaderEc };
}

/** A fresh temp dir for a test's own files, removed after the importing test file. */
export function scratchDir(prefix = 'vanban-ca-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
