import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadCa, revokeCertificate } from '../../../signing/ca';
import { startDemoWorld, type DemoWorld } from '../../helpers/demo-world';

const run = promisify(execFile);

describe('the demo CA published by the server (/api/v1/pki)', () => {
  let w: DemoWorld;
  let dir: string;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-pki-'));
  }, 120_000);
  afterAll(async () => {
    await w.t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = async (p: string) => Buffer.from(await (await fetch(`${w.t.url}/api/v1/pki${p}`)).arrayBuffer());

  it('serves the CA certificates and CRLs that openssl accepts', async () => {
    fs.writeFileSync(path.join(dir, 'root.cer'), await get('/certs/root.cer'));
    fs.writeFileSync(path.join(dir, 'sub.cer'), await get('/certs/sub.cer'));
    fs.writeFileSync(path.join(dir, 'sub.crl'), await get('/crl/sub.crl'));
    await run('openssl', ['x509', '-inform', 'DER', '-in', path.join(dir, 'root.cer'), '-out', path.join(dir, 'root.pem')]);
    await run('openssl', ['x509', '-inform', 'DER', '-in', path.join(dir, 'sub.cer'), '-out', path.join(dir, 'sub.pem')]);
    const crl = await run('openssl', ['crl', '-inform', 'DER', '-in', path.join(dir, 'sub.crl'), '-CAfile', path.join(dir, 'sub.pem'), '-noout']);
    expect(crl.stderr).toMatch(/verify OK/);
  });

  it('answers OCSP for the leaders it certified, and reports a revocation made by the CA', async () => {
    const row = await w.t.database.db('signing_keys').where({ owner_type: 'user' }).first();
    const leaf = path.join(dir, 'leader.pem');
    fs.writeFileSync(leaf, row.certificate_pem);
    const ask = () => run('openssl', ['ocsp', '-issuer', path.join(dir, 'sub.pem'), '-cert', leaf, '-url', `${w.t.url}/api/v1/pki/ocsp`, '-CAfile', path.join(dir, 'root.pem'), '-resp_text']).then((r) => r.stdout + r.stderr);
    expect(await ask()).toMatch(/leader\.pem: good/);
    const ca = await loadCa(w.t.vanban.config.pkiDir);
    const serial = (await run('openssl', ['x509', '-in', leaf, '-noout', '-serial'])).stdout.trim().split('=')[1];
    await revokeCertificate(ca, serial, 'keyCompromise');
    expect(await ask()).toMatch(/leader\.pem: revoked/);
  });

  it('grants RFC 3161 timestamps that openssl verifies', async () => {
    const data = path.join(dir, 'data.txt');
    fs.writeFileSync(data, 'Văn bản cần dấu thời gian');
    await run('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', path.join(dir, 'q.tsq')]);
    const res = await fetch(`${w.t.url}/api/v1/pki/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: fs.readFileSync(path.join(dir, 'q.tsq')) });
    expect(res.headers.get('content-type')).toMatch(/timestamp-reply/);
    fs.writeFileSync(path.join(dir, 'r.tsr'), Buffer.from(await res.arrayBuffer()));
    const verified = await run('openssl', ['ts', '-verify', '-in', path.join(dir, 'r.tsr'), '-queryfile', path.join(dir, 'q.tsq'), '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'sub.pem')]);
    expect(verified.stdout).toMatch(/Verification: OK/);
  });
});
