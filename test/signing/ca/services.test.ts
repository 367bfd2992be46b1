import { readFileSync } from 'fs';
import { createCrl, issueCertificate, respondOcsp, respondTimestamp, revokeCertificate, DEMO_TSA_POLICY } from '../../../signing/ca';
import { demoPki, scratchDir, type DemoPki } from './fixtures';
import { run, writeFiles } from './tools';

let pki: DemoPki;
let dir: string;
let f: Record<string, string>;

beforeAll(async () => {
  pki = await demoPki();
  dir = scratchDir();
  f = writeFiles(dir, {
    'root.pem': pki.ca.root.certPem,
    'sub.pem': pki.ca.sub.certPem,
    'ocsp.pem': pki.ca.ocsp.certPem,
    'untrusted.pem': pki.ca.tsa.certPem + pki.ca.sub.certPem,
    'doc.txt': 'Công văn số 123/UBND-VP ngày 20/3/2019',
  });
});

describe('CRL', () => {
  it('openssl verifies an empty sub CA CRL and a root CRL', () => {
    const x = writeFiles(dir, { 'empty.crl': createCrl(pki.ca, 'sub'), 'root.crl': createCrl(pki.ca, 'root') });
    const sub = run('openssl', ['crl', '-inform', 'DER', '-in', x['empty.crl'], '-CAfile', f['sub.pem'], '-noout', '-text']);
    expect(sub.stderr).toContain('verify OK');
    expect(sub.stdout).toContain('No Revoked Certificates');
    expect(sub.stdout).toContain('X509v3 CRL Number');
    expect(sub.stdout).toMatch(/Next Update: /);
    const root = run('openssl', ['crl', '-inform', 'DER', '-in', x['root.crl'], '-CAfile', f['root.pem'], '-noout']);
    expect(root.stderr).toContain('verify OK');
    // The sub CRL is not signed by the root: the check must be able to fail.
    const wrong = run('openssl', ['crl', '-inform', 'DER', '-in', x['empty.crl'], '-CAfile', f['root.pem'], '-noout']);
    expect(wrong.stderr).not.toContain('verify OK');
  });

  it('lists a revoked serial with its reason; CRL numbers increase; openssl verify -crl_check rejects it', async () => {
    const victim = await issueCertificate(pki.ca, { commonName: 'Phạm Văn Đức', organization: 'UBND xã Hiền Vân' });
    await revokeCertificate(pki.ca, victim.serialHex, 'keyCompromise');
    const first = createCrl(pki.ca, 'sub');
    const second = createCrl(pki.ca, 'sub');
    const x = writeFiles(dir, { 'r.crl': first, 'r2.crl': second, 'victim.pem': victim.certPem, 'leader.pem': pki.leader.certPem });
    const text = run('openssl', ['crl', '-inform', 'DER', '-in', x['r.crl'], '-CAfile', f['sub.pem'], '-noout', '-text']);
    expect(text.stderr).toContain('verify OK');
    expect(text.stdout.toUpperCase()).toContain(`SERIAL NUMBER: ${victim.serialHex.toUpperCase()}`);
    expect(text.stdout).toContain('Key Compromise');
    const num = (file: string) =>
      BigInt(run('openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-crlnumber']).stdout.trim().replace('crlNumber=0x', '0x'));
    expect(num(x['r2.crl'])).toBeGreaterThan(num(x['r.crl']));
    const pem = writeFiles(dir, {
      'crls.pem': run('openssl', ['crl', '-inform', 'DER', '-in', x['r.crl']]).stdout +
        run('openssl', ['crl', '-inform', 'DER', '-in', writeFiles(dir, { 'root2.crl': createCrl(pki.ca, 'root') })['root2.crl']]).stdout,
    });
    const chk = (leaf: string) =>
      run('openssl', ['verify', '-crl_check_all', '-CRLfile', pem['crls.pem'], '-CAfile', f['root.pem'], '-untrusted', f['sub.pem'], x[leaf]]);
    expect(chk('leader.pem').stdout).toContain(': OK');
    expect(chk('victim.pem').stdout + chk('victim.pem').stderr).toContain('certificate revoked');
  });

  it('refuses to revoke a serial it never issued', async () => {
    await expect(revokeCertificate(pki.ca, 'deadbeef')).rejects.toMatchObject({ code: 'CA_UNKNOWN_SERIAL' });
  });
});

describe('OCSP', () => {
  function ocspRequest(leafPem: string, name: string, extra: string[] = []): Buffer {
    const x = writeFiles(dir, { [`${name}.pem`]: leafPem });
    const out = `${dir}/${name}.req`;
    const r = run('openssl', ['ocsp', '-issuer', f['sub.pem'], '-cert', x[`${name}.pem`], '-reqout', out, ...extra]);
    expect(r.status).toBe(0);
    return readFileSync(out);
  }

  /**
   * With -cert, openssl builds its own request (ignoring -reqin) with a fresh nonce, so its
   * nonce check is disabled here and the echo is checked against the real request below.
   */
  function check(resp: Buffer, req: Buffer, leafPem: string, name: string, issuer = f['sub.pem']) {
    const x = writeFiles(dir, { [`${name}.resp`]: resp, [`${name}.req`]: req, [`${name}.leaf.pem`]: leafPem });
    const r = run('openssl', ['ocsp', '-respin', x[`${name}.resp`], '-no_nonce', '-CAfile', f['root.pem'], '-issuer', issuer, '-cert', x[`${name}.leaf.pem`], '-resp_text']);
    const nonceOf = (text: string) => /OCSP Nonce:\s*\n\s*([0-9A-F]+)/.exec(text)?.[1];
    const sent = nonceOf(run('openssl', ['ocsp', '-reqin', x[`${name}.req`], '-req_text']).stdout);
    expect(sent).toMatch(/^0410[0-9A-F]{32}$/);
    expect(nonceOf(r.stdout)).toBe(sent);
    return r;
  }

  it('answers good for an issued certificate, signed by the delegated responder, nonce echoed', async () => {
    const req = ocspRequest(pki.official.certPem, 'official');
    const r = check(await respondOcsp(pki.ca, req), req, pki.official.certPem, 'official');
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/official\.leaf\.pem: good/);
    expect(r.stdout).toContain('OCSP Nonce');
    expect(r.stdout).toContain('Responder Id: ');
  });

  it('answers revoked after revokeCertificate, with time and reason', async () => {
    const c = await issueCertificate(pki.ca, { commonName: 'Vũ Thị Lan', organization: 'UBND xã Hiền Vân' });
    const req = ocspRequest(c.certPem, 'lan');
    expect(check(await respondOcsp(pki.ca, req), req, c.certPem, 'lan').stdout).toMatch(/lan\.leaf\.pem: good/);
    await revokeCertificate(pki.ca, c.serialHex, 'affiliationChanged');
    const r = check(await respondOcsp(pki.ca, req), req, c.certPem, 'lan2');
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/lan2\.leaf\.pem: revoked/);
    expect(r.stdout).toMatch(/Reason: affiliationChanged/);
  });

  it('answers unknown for a certificate it did not issue', async () => {
    const x = writeFiles(dir, { 'k.key': pki.official.keyPem });
    const foreign = run('openssl', ['req', '-new', '-x509', '-key', x['k.key'], '-subj', '/CN=foreign', '-days', '1']).stdout;
    const req = ocspRequest(foreign, 'foreign');
    const r = check(await respondOcsp(pki.ca, req), req, foreign, 'foreign');
    expect(r.stdout).toMatch(/foreign\.leaf\.pem: unknown/);
  });

  it('answers for the sub CA certificate with the root key', async () => {
    const x = writeFiles(dir, { 'subleaf.pem': pki.ca.sub.certPem });
    const out = `${dir}/sub.req`;
    run('openssl', ['ocsp', '-issuer', f['root.pem'], '-cert', x['subleaf.pem'], '-reqout', out]);
    const req = readFileSync(out);
    const r = check(await respondOcsp(pki.ca, req), req, pki.ca.sub.certPem, 'subca', f['root.pem']);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/subca\.leaf\.pem: good/);
  });

  it('turns garbage into a malformedRequest response instead of throwing', async () => {
    const resp = await respondOcsp(pki.ca, Buffer.from('not an OCSP request'));
    const x = writeFiles(dir, { 'bad.resp': resp });
    const r = run('openssl', ['ocsp', '-respin', x['bad.resp'], '-resp_text', '-noverify']);
    expect(r.stdout).toContain('malformedrequest');
  });
});

describe('TSA', () => {
  function query(name: string, extra: string[] = ['-cert']): string {
    const out = `${dir}/${name}.tsq`;
    expect(run('openssl', ['ts', '-query', '-data', f['doc.txt'], '-sha256', ...extra, '-out', out]).status).toBe(0);
    return out;
  }

  function verify(tsr: Buffer, tsq: string, name: string) {
    const x = writeFiles(dir, { [`${name}.tsr`]: tsr });
    return run('openssl', ['ts', '-verify', '-in', x[`${name}.tsr`], '-queryfile', tsq, '-CAfile', f['root.pem'], '-untrusted', f['untrusted.pem']]);
  }

  it('grants a token that openssl ts -verify accepts, with policy, nonce and certificate', async () => {
    const tsq = query('q');
    const now = new Date('2026-03-20T03:00:00.456Z');
    const tsr = await respondTimestamp(pki.ca, readFileSync(tsq), now);
    const v = verify(tsr, tsq, 'q');
    expect(v.stdout.trim()).toBe('Verification: OK');
    const x = writeFiles(dir, { 'q-text.tsr': tsr });
    const text = run('openssl', ['ts', '-reply', '-in', x['q-text.tsr'], '-text']).stdout;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${DEMO_TSA_POLICY}`);
    expect(text).toContain('Time stamp: Mar 20 03:00:00 2026 GMT');
    expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
    expect(text).toContain('Accuracy: 0x01 seconds');
  });

  it('carries ESS signing-certificate-v2 and honours certReq (no -cert: no certificate in the token)', async () => {
    const tsq = query('nocert', []);
    const tsr = await respondTimestamp(pki.ca, readFileSync(tsq));
    const x = writeFiles(dir, { 'nocert.tsr': tsr });
    const token = run('openssl', ['ts', '-reply', '-in', x['nocert.tsr'], '-token_out', '-out', `${dir}/nocert.tok`]);
    expect(token.status).toBe(0);
    const cms = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', `${dir}/nocert.tok`, '-noout']).stdout;
    expect(cms).toContain('id-smime-aa-signingCertificateV2');
    expect(cms).toMatch(/certificates:\s*<ABSENT>/);
    // Without the certificate in the token, the verifier must be given it: still OK.
    expect(verify(tsr, tsq, 'nocert').stdout.trim()).toBe('Verification: OK');
  });

  it('does not verify against a different document', async () => {
    const tsq = query('q2');
    const tsr = await respondTimestamp(pki.ca, readFileSync(tsq));
    const other = writeFiles(dir, { 'other.txt': 'khác' });
    const x = writeFiles(dir, { 'q2.tsr': tsr });
    const r = run('openssl', ['ts', '-verify', '-in', x['q2.tsr'], '-data', other['other.txt'], '-CAfile', f['root.pem'], '-untrusted', f['untrusted.pem']]);
    expect(r.stdout.trim()).not.toBe('Verification: OK');
  });

  it.each([
    ['garbage', () => Buffer.from('xyz'), 'the data submitted has the wrong format'],
    ['SHA-1 imprint', () => readFileSync(query('sha1', ['-sha1'])), 'unrecognized or unsupported algorithm'],
    ['foreign policy', () => readFileSync(query('pol', ['-tspolicy', '1.2.3.4'])), 'the requested TSA policy is not supported by the TSA'],
  ])('rejects %s with a failure status', async (_name, make, failText) => {
    const tsr = await respondTimestamp(pki.ca, make());
    const x = writeFiles(dir, { 'rej.tsr': tsr });
    const text = run('openssl', ['ts', '-reply', '-in', x['rej.tsr'], '-text']).stdout;
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain(`Failure info: ${failText}`);
  });
});
