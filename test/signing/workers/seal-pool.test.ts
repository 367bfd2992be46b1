import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { signPdf } from '../../../signing/sign';
import { createSealPool, sealAndVerifyInMemory, sealWorkerScript, type SealPool, type SealTask } from '../../../signing/workers';
import { demoPki, scratchDir } from '../ca/fixtures';
import { makeNssDb } from '../ca/nss';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { expectAllValid, pdfsig, qpdfCheck } from '../sign/validators';

/** The seal worker threads (signing/workers): the compiled worker of `npm run build`, which `npm test` runs first. */
describe('seal worker pool', () => {
  let pool: SealPool;
  let task: SealTask;
  let nssDir: string;
  const dir = scratchDir('vanban-seal-pool-');

  beforeAll(async () => {
    const script = sealWorkerScript();
    if (!script) throw new Error('dist/signing/workers/seal-worker.js is missing: run `npm run build` (npm test does)');
    pool = createSealPool(2, script);
    const { ca, leader, seal } = await demoPki();
    nssDir = makeNssDb(ca.root.certPem);
    const draft = path.join(dir, 'draft.pdf');
    const signed = path.join(dir, 'signed.pdf');
    fs.writeFileSync(draft, await makeDraftPdf({ withFields: true, signerName: 'Nguyễn Văn Hùng' }));
    await signPdf({ input: draft, output: signed, signer: leader, kind: 'signer', page: 1, rect: [340, 140, 200, 70] });
    task = {
      pdf: fs.readFileSync(signed),
      signer: { keyObject: createPrivateKey(seal.keyPem), certPem: seal.certPem, chainPem: seal.chainPem },
      appearance: { kind: 'seal', fieldFills: { so_ky_hieu: 'Số: 07/QĐ-UBND', ngay_ban_hanh: 'Hiền Vân, ngày 02 tháng 12 năm 2026' }, reason: 'Ban hành văn bản số 07/QĐ-UBND' },
      signingTime: new Date(Date.now() + 60_000),
      trustAnchors: [ca.root.certPem],
    };
  });
  afterAll(() => pool?.close());

  it('seals and verifies in a worker: the same bytes as this thread makes, valid for pdfsig and qpdf', async () => {
    const [inWorker, again] = await Promise.all([pool.run(task), pool.run(task)]);
    const here = await sealAndVerifyInMemory(task);
    // No signing-time attribute and PKCS#1 v1.5: sealing the same input at the same time is deterministic.
    expect(inWorker.sealed.equals(here.sealed)).toBe(true);
    expect(again.sealed.equals(here.sealed)).toBe(true);
    expect(inWorker.report.valid).toBe(true);
    expect(inWorker.report.signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
    const file = path.join(dir, 'sealed.pdf');
    fs.writeFileSync(file, inWorker.sealed);
    expectAllValid(pdfsig(file, nssDir, true), 2);
    qpdfCheck(file);
  });

  it('reports what a worker refuses as the coded error the signer threw, and keeps serving', async () => {
    // A signing time before the certificate's validity: the signer's own-certificate check refuses it.
    const mismatched = { ...task, signingTime: new Date('2000-01-01T00:00:00Z') };
    const here = await sealAndVerifyInMemory(mismatched).then(() => null, (e: Error & { code?: string }) => e);
    const there = await pool.run(mismatched).then(() => null, (e: Error & { code?: string }) => e);
    expect(here?.code).toEqual(expect.any(String));
    expect([there?.name, there?.code, there?.message]).toEqual([here!.name, here!.code, here!.message]);
    expect((await pool.run(task)).report.valid).toBe(true);
  });

  it('a worker script that dies at once is not respawned forever: the pool then seals in this thread', async () => {
    const script = path.join(dir, 'dies.js');
    fs.writeFileSync(script, 'process.exit(3);\n');
    const doomed = createSealPool(1, script);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const outcome = await doomed.run(task);
      expect(outcome.report.valid).toBe(true);
    } finally {
      await doomed.close();
    }
  });

  it('a verdict of not valid comes back as a report, not an error', async () => {
    const outcome = await pool.run({ ...task, trustAnchors: [] });
    expect(outcome.report.valid).toBe(false);
    expect(outcome.report.summary).toEqual(expect.any(String));
  });
});
