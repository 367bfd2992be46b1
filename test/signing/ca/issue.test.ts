import * as forge from 'node-forge';
import * as path from 'path';
import { issueCertificate, loadCa, reloadCaState, revokeCertificate, CaError } from '../../../signing/ca';
import { demoPki, scratchDir, type DemoPki } from './fixtures';
import { makeNssDb } from './nss';
import { run, writeFiles } from './tools';

let pki: DemoPki;
let dir: string;
let files: Record<string, string>;

beforeAll(async () => {
  pki = await demoPki();
  dir = scratchDir();
  files = writeFiles(dir, {
    'root.pem': pki.ca.root.certPem,
    'sub.pem': pki.ca.sub.certPem,
    'tsa.pem': pki.ca.tsa.certPem,
    'ocsp.pem': pki.ca.ocsp.certPem,
    'leader.pem': pki.leader.certPem,
    'seal.pem': pki.seal.certPem,
    'official.pem': pki.official.certPem,
    'leaderEc.pem': pki.leaderEc.certPem,
  });
});

function opensslVerify(leaf: string, purpose?: string) {
  const args = ['verify', '-CAfile', files['root.pem'], '-untrusted', files['sub.pem']];
  if (purpose) args.push('-purpose', purpose);
  return run('openssl', [...args, files[leaf]]);
}

function x509Text(file: string): string {
  return run('openssl', ['x509', '-in', files[file], '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space']).stdout;
}

describe('certificate chain', () => {
  it.each(['leader.pem', 'seal.pem', 'official.pem', 'leaderEc.pem'])('openssl verifies %s for S/MIME signing', (leaf) => {
    const r = opensslVerify(leaf, 'smimesign');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`${files[leaf]}: OK`);
  });

  it('openssl verifies the TSA certificate for time stamping and rejects it for S/MIME', () => {
    expect(opensslVerify('tsa.pem', 'timestampsign').stdout).toContain(': OK');
    expect(opensslVerify('tsa.pem', 'smimesign').status).not.toBe(0);
  });

  it('openssl verifies the OCSP responder certificate', () => {
    expect(opensslVerify('ocsp.pem').stdout).toContain(': OK');
  });

  it('needs the sub CA to build the path (the verification is not vacuous)', () => {
    const r = run('openssl', ['verify', '-CAfile', files['root.pem'], files['leader.pem']]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('unable to get local issuer certificate');
  });

  it('names are DEMO, Vietnamese and UTF8String', () => {
    const root = x509Text('root.pem');
    expect(root).toContain('Subject: C=VN, O=DEMO Ban Cơ yếu Chính phủ');
    expect(root).toContain('CN=DEMO Vanban Root CA - KHÔNG DÙNG THỰC TẾ');
    const asn1 = run('openssl', ['asn1parse', '-in', files['root.pem']]).stdout;
    expect(asn1).toMatch(/UTF8STRING/);
    expect(asn1).toMatch(/PRINTABLESTRING\s+:VN/);
    // RFC 4055: sha256WithRSAEncryption parameters are an explicit NULL, in TBS and outer.
    expect(asn1.match(/:sha256WithRSAEncryption\s*\n.*prim: NULL/g)).toHaveLength(2);
    expect(x509Text('leader.pem')).toContain('Subject: C=VN, O=UBND xã Hiền Vân, OU=Lãnh đạo UBND, CN=Nguyễn Văn Hùng');
    expect(x509Text('seal.pem')).toContain('Subject: C=VN, O=UBND xã Hiền Vân, OU=Văn phòng, CN=UBND xã Hiền Vân');
  });

  it('CA certificates carry the RFC 5280 CA extensions', () => {
    const root = x509Text('root.pem');
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(root).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(root).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(root).toContain('Public-Key: (2048 bit)');
    const sub = x509Text('sub.pem');
    expect(sub).toMatch(/CA:TRUE, pathlen:0/);
    expect(sub).toContain('URI:http://127.0.0.1:3000/api/v1/pki/crl/root.crl');
  });

  it('leader certificates are for signing, with CRL and AIA URLs', () => {
    const t = x509Text('leader.pem');
    expect(t).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
    expect(t).toMatch(/Extended Key Usage:\s+E-mail Protection, (Document Signing|1\.3\.6\.1\.5\.5\.7\.3\.36)/);
    expect(t).toContain('URI:http://127.0.0.1:3000/api/v1/pki/crl/sub.crl');
    expect(t).toContain('OCSP - URI:http://127.0.0.1:3000/api/v1/pki/ocsp');
    expect(t).toContain('CA Issuers - URI:http://127.0.0.1:3000/api/v1/pki/certs/sub.cer');
    expect(t).toContain('email:hung.nv@hienvan.demo.vn');
    expect(t).toMatch(/CA:FALSE/);
    expect(x509Text('leaderEc.pem')).toContain('ASN1 OID: prime256v1');
  });

  it('TSA EKU is timeStamping only and critical; OCSP responder has ocsp-nocheck', () => {
    expect(x509Text('tsa.pem')).toMatch(/Extended Key Usage: critical\s+Time Stamping\n/);
    const o = x509Text('ocsp.pem');
    expect(o).toMatch(/Extended Key Usage:\s+OCSP Signing/);
    expect(o).toContain('OCSP No Check');
  });

  it('serials are unique, positive and reported as in the certificate', () => {
    const serials = [pki.leader, pki.seal, pki.official, pki.leaderEc].map((c) => c.serialHex);
    expect(new Set(serials).size).toBe(4);
    const printed = run('openssl', ['x509', '-in', files['leader.pem'], '-noout', '-serial']).stdout.trim();
    expect(printed.toLowerCase()).toBe(`serial=${pki.leader.serialHex}`);
  });

  it('NSS accepts the leader, seal and EC certificates as email signers (what pdfsig checks)', () => {
    const nss = makeNssDb(pki.ca.rootCertPem);
    const der = writeFiles(dir, {
      'sub.der': pki.ca.sub.certDer,
      'leader.der': pki.leader.certDer,
      'seal.der': pki.seal.certDer,
      'ec.der': pki.leaderEc.certDer,
      'tsa.der': pki.ca.tsa.certDer,
    });
    for (const leaf of ['leader.der', 'seal.der', 'ec.der']) {
      const r = run('vfychain', ['-d', `sql:${nss}`, '-pp', '-u', '4', der[leaf], der['sub.der']]);
      expect(r.stdout + r.stderr).toContain('Chain is good!');
    }
    // The TSA certificate's EKU excludes email protection: NSS must refuse it.
    const tsa = run('vfychain', ['-d', `sql:${nss}`, '-pp', '-u', '4', der['tsa.der'], der['sub.der']]);
    expect(tsa.stdout + tsa.stderr).toContain('Chain is bad!');
  });
});

describe('PKCS#12', () => {
  function p12File(name: string, p12: Buffer): string {
    return writeFiles(dir, { [name]: p12 })[name];
  }

  it.each(['leader', 'leaderEc'] as const)('openssl opens the %s p12 (no -legacy) and the key matches the certificate', (who) => {
    const cert = pki[who];
    const file = p12File(`${who}.p12`, cert.toP12('mật-khẩu 123'));
    const r = run('openssl', ['pkcs12', '-in', file, '-passin', 'pass:mật-khẩu 123', '-nodes']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(r.stdout).toContain('BEGIN PRIVATE KEY');
    const info = run('openssl', ['pkcs12', '-in', file, '-passin', 'pass:mật-khẩu 123', '-info', '-noout']);
    expect(info.stderr).toContain('MAC: sha256');
    expect(info.stderr).toContain('PBES2, PBKDF2, AES-256-CBC');
    const keyPub = run('openssl', ['pkey', '-pubout'], r.stdout).stdout;
    const certPub = run('openssl', ['x509', '-noout', '-pubkey'], cert.certPem).stdout;
    expect(keyPub).toContain('BEGIN PUBLIC KEY');
    expect(keyPub).toBe(certPub);
    expect(run('openssl', ['pkcs12', '-in', file, '-passin', 'pass:wrong', '-nodes']).status).not.toBe(0);
  });

  it('node-forge opens the RSA p12 and finds the key and the chain', () => {
    const der = pki.leader.toP12('secret');
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), 'secret');
    const keyBags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    expect(keyBags).toHaveLength(1);
    expect(certBags).toHaveLength(3);
    const key = keyBags[0].key as forge.pki.rsa.PrivateKey;
    const cert = forge.pki.certificateFromPem(pki.leader.certPem);
    expect(key.n.equals((cert.publicKey as forge.pki.rsa.PublicKey).n)).toBe(true);
    expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), 'other')).toThrow();
  });
});

describe('CA state', () => {
  it('loadCa returns the same CA and continues the serial counter', async () => {
    const again = await loadCa(pki.ca.dir);
    expect(again.root.certPem).toBe(pki.ca.root.certPem);
    expect(again.sub.keyPem).toBe(pki.ca.sub.keyPem);
    expect(again.state.nextSerial).toBe(pki.ca.state.nextSerial);
    const next = await issueCertificate(again, { commonName: 'Lê Văn Cường', organization: 'UBND huyện Tiên Du' });
    expect(BigInt('0x' + next.serialHex)).toBeGreaterThan(BigInt('0x' + pki.leaderEc.serialHex));
    const reloaded = await loadCa(pki.ca.dir);
    expect(reloaded.state.issued.map((i) => i.serialHex)).toContain(next.serialHex);
  });

  it('reloadCaState picks up a revocation made through another bundle of the same directory', async () => {
    const server = await loadCa(pki.ca.dir);
    const cli = await loadCa(pki.ca.dir);
    const c = await issueCertificate(cli, { commonName: 'Hoàng Văn Em', organization: 'UBND xã Hiền Vân' });
    await revokeCertificate(cli, c.serialHex, 'superseded');
    expect(server.state.revoked.map((r) => r.serialHex)).not.toContain(c.serialHex);
    await reloadCaState(server);
    expect(server.state.revoked.map((r) => r.serialHex)).toContain(c.serialHex);
  });

  it('loadCa on an empty directory throws CA_NOT_FOUND', async () => {
    await expect(loadCa(path.join(dir, 'nothing-here'))).rejects.toMatchObject({ code: 'CA_NOT_FOUND' });
  });

  it('rejects bad requests with CA_BAD_INPUT and a Vietnamese message', async () => {
    const attempt = issueCertificate(pki.ca, { commonName: ' ', organization: 'X' });
    await expect(attempt).rejects.toBeInstanceOf(CaError);
    await expect(attempt).rejects.toMatchObject({ code: 'CA_BAD_INPUT', message: expect.stringContaining('không hợp lệ') });
    await expect(
      issueCertificate(pki.ca, { commonName: 'A', organization: 'B', notBefore: new Date('2000-01-01') }),
    ).rejects.toMatchObject({ code: 'CA_BAD_INPUT' });
  });

  it('clamps validity to the sub CA and honours notBefore', async () => {
    const nb = new Date(Date.now() - 30 * 86400_000);
    const c = await issueCertificate(pki.ca, { commonName: 'A', organization: 'B', notBefore: nb, validDays: 100_000 });
    const start = run('openssl', ['x509', '-noout', '-startdate'], c.certPem).stdout.trim().replace('notBefore=', '');
    expect(new Date(start).getTime()).toBe(Math.floor(nb.getTime() / 1000) * 1000);
    const text = run('openssl', ['x509', '-noout', '-enddate'], pki.ca.sub.certPem).stdout;
    const leafEnd = run('openssl', ['x509', '-noout', '-enddate'], c.certPem).stdout;
    expect(leafEnd).toBe(text);
  });
});
