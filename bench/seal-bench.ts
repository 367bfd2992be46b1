import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initCa, issueCertificate } from '../signing/ca';
import { sealPng, signaturePng } from '../signing/ca/demo-images';
import { signPdf } from '../signing/sign';
import { verifyPdf } from '../signing/verify';
import { draftPdf, percentile } from './bench-support';

const ROUNDS = Number(process.env.BENCH_SEAL_ROUNDS ?? 60);

/**
 * `npm run bench -- seal`: the two signing steps of one issue on their own, in one process, no
 * database: the agency seal with number and date written into the fields, and the verification
 * of the result (both signatures). Shows what the issue path's signing phases cost per document
 * when nothing else competes (compare with `issue --profile`).
 */
export async function runSealBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-seal-bench-'));
  try {
    const ca = await initCa(path.join(dir, 'ca'));
    const leader = await issueCertificate(ca, { commonName: 'Nguyễn Văn Bench', organization: 'UBND tỉnh Bench' });
    const agency = await issueCertificate(ca, { commonName: 'Ủy ban nhân dân tỉnh Bench', organization: 'UBND tỉnh Bench', seal: true });
    const trustAnchors = [ca.root.certPem];
    const draft = path.join(dir, 'draft.pdf');
    fs.writeFileSync(draft, await draftPdf('Nguyen Van Bench'));
    const signed = path.join(dir, 'signed.pdf');
    await signPdf({ input: draft, output: signed, signer: { keyPem: leader.keyPem, certPem: leader.certPem, chainPem: leader.chainPem }, kind: 'signer', image: signaturePng(), page: 1, rect: [340, 140, 200, 70] });
    const image = sealPng();
    const seal: number[] = [];
    const verify: number[] = [];
    const sealCpu: number[] = [];
    const verifyCpu: number[] = [];
    // CPU time of this process besides wall time: it stays meaningful on a loaded machine.
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const d = process.cpuUsage(since);
      return (d.user + d.system) / 1000;
    };
    for (let i = 0; i < ROUNDS; i++) {
      const out = path.join(dir, `sealed-${i}.pdf`);
      let t = performance.now();
      let c = process.cpuUsage();
      await signPdf({ input: signed, output: out, signer: { keyPem: agency.keyPem, certPem: agency.certPem, chainPem: agency.chainPem }, kind: 'seal', image, fieldFills: { so_ky_hieu: `Số: ${String(i + 1).padStart(2, '0')}/QĐ-UBND`, ngay_ban_hanh: 'Bench, ngày 02 tháng 12 năm 2026' }, reason: 'bench' });
      seal.push(performance.now() - t);
      sealCpu.push(cpuMs(c));
      t = performance.now();
      c = process.cpuUsage();
      const report = await verifyPdf(out, { trustAnchors, fetchRevocation: false });
      verify.push(performance.now() - t);
      verifyCpu.push(cpuMs(c));
      if (!report.valid) throw new Error(`sealed file not valid: ${report.summary}`);
      fs.rmSync(out);
    }
    const line = (name: string, xs: number[]) => {
      const warm = xs.slice(5);
      console.log(`${name.padEnd(50)}${`p50 ${percentile(warm, 50).toFixed(1)} ms`.padStart(14)}${`p95 ${percentile(warm, 95).toFixed(1)} ms`.padStart(14)}${`first ${xs[0].toFixed(1)} ms`.padStart(16)}`);
    };
    console.log(`\n== Seal and verify one issued document (${ROUNDS} rounds, no database; load average ${os.loadavg()[0].toFixed(1)})`);
    line('seal signature + number/date fill, wall', seal);
    line('seal signature + number/date fill, CPU', sealCpu);
    line('verification of the sealed file (2 sigs), wall', verify);
    line('verification of the sealed file (2 sigs), CPU', verifyCpu);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
