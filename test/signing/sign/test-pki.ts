import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from '../fixtures/pdfs';

/**
 * A throwaway root + leaf made with the openssl CLI (independent of the code under test),
 * and an NSS db trusting the root for pdfsig.
 */
export interface TestSigner {
  keyPem: string;
  certPem: string;
  chainPem: string[];
  rootPem: string;
  p12: Buffer;
  p12Password: string;
}

export interface TestPki {
  dir: string;
  nssDir: string;
  leader: TestSigner;
  seal: TestSigner;
  leaderEc: TestSigner;
  /** The root certificate PEM as our loader writes it (64-column base64). */
  rootPemNormalized(): string;
  /** openssl `ts` configuration for a TSA (cert with critical EKU timeStamping) under `dir`. */
  tsaConfig: string;
}

let cached: TestPki | undefined;

function ossl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

export function testPki(): TestPki {
  if (cached) return cached;
  const dir = tempDir('vanban-pki-');
  const ext = join(dir, 'ext.cnf');
  writeFileSync(
    ext,
    '[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' +
      '[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n' +
      'subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' +
      '[tsa]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '30',
    '-subj', '/C=VN/O=DEMO Test/CN=DEMO Test Root', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const leaf = (name: string, subj: string, ec: boolean): TestSigner => {
    const extensions = name === 'tsa' ? 'tsa' : 'leaf';
    const keyArgs = ec ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
    ossl(['req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj, '-utf8'], dir);
    ossl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', `${name}.pem`,
      '-days', '30', '-extfile', ext, '-extensions', extensions], dir);
    ossl(['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'root.pem', '-out', `${name}.p12`,
      '-passout', 'pass:matkhau', '-name', name], dir);
    return {
      keyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
      certPem: readFileSync(join(dir, `${name}.pem`), 'utf8'),
      chainPem: [readFileSync(join(dir, 'root.pem'), 'utf8')],
      rootPem: readFileSync(join(dir, 'root.pem'), 'utf8'),
      p12: readFileSync(join(dir, `${name}.p12`)),
      p12Password: 'matkhau',
    };
  };
  const leader = leaf('leader', '/C=VN/O=UBND Tinh Mau/CN=Nguyễn Văn A', false);
  const seal = leaf('seal', '/C=VN/O=UBND Tinh Mau/CN=Ủy ban nhân dân tỉnh Mẫu', false);
  const leaderEc = leaf('leaderec', '/C=VN/O=UBND Tinh Mau/CN=Trần Thị B', true);
  const tsa = leaf('tsa', '/C=VN/O=DEMO Test/CN=DEMO Test TSA', false);
  void tsa;
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const tsaConfig = join(dir, 'tsa.cnf');
  writeFileSync(
    tsaConfig,
    `[tsa]\ndefault_tsa = t\n[t]\ndir = ${dir}\nserial = ${dir}/tsaserial\ncrypto_device = builtin\nsigner_cert = ${dir}/tsa.pem\n` +
      `certs = ${dir}/root.pem\nsigner_key = ${dir}/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n` +
      'digests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n',
  );
  const nssDir = join(dir, 'nss');
  execFileSync('mkdir', ['-p', nssDir]);
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]);
  execFileSync('certutil', ['-A', '-n', 'test-root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem'), '-d', `sql:${nssDir}`]);
  const rootDer = Buffer.from(readFileSync(join(dir, 'root.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const rootPemNormalized = (): string => `-----BEGIN CERTIFICATE-----\n${(rootDer.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
  cached = { dir, nssDir, leader, seal, leaderEc, tsaConfig, rootPemNormalized };
  return cached;
}
