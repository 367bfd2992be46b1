import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from '../fixtures/pdfs';

/**
 * A throwaway PKI made with the openssl CLI (independent of the code under test): root →
 * intermediate → leaves, an unrelated root, a TSA, a CRL, and an NSS db trusting the root.
 */
export interface Party {
  keyPem: string;
  certPem: string;
  certFile: string;
  keyFile: string;
}

export interface VerifyPki {
  dir: string;
  nssDir: string;
  rootPem: string;
  intermediatePem: string;
  leader: Party;
  revoked: Party;
  strangerRootPem: string;
  stranger: Party;
  tsa: Party;
  /** Leaf whose key usage forbids signing. */
  encipherOnly: Party;
  /** Signed by an intermediate that is not a CA (basicConstraints CA:FALSE). */
  underNonCa: Party;
  nonCaPem: string;
  /** DER CRL of the intermediate listing `revoked`. */
  crlDer: Buffer;
  crlUrl: string;
  /** DER CRL of the root (empty: the intermediate is not revoked). */
  rootCrlDer: Buffer;
  rootCrlUrl: string;
  ecLeader: Party;
  /** Leaves with an OCSP URL (AIA); `ocsp` answers for them. */
  ocspLeader: Party;
  ocspRevoked: Party;
  /** DER OCSPResponse to a DER OCSPRequest, by `openssl ocsp` signing as the intermediate. */
  ocsp(request: Buffer): Buffer;
  /** RFC 3161 token (DER ContentInfo) over SHA-256(data), by `openssl ts`. */
  timestamp(data: Buffer): Buffer;
}

let cached: VerifyPki | undefined;

const CNF = `
[ca]
default_ca = ica
[ica]
dir = .
database = index.txt
new_certs_dir = .
certificate = int.pem
private_key = int.key
serial = int.srl
default_md = sha256
default_crl_days = 30
policy = any
[rca]
dir = .
database = rindex.txt
new_certs_dir = .
certificate = root.pem
private_key = root.key
serial = root.srl
default_md = sha256
default_crl_days = 30
policy = any
[any]
commonName = supplied
[v_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.vanban.test/root.crl
[v_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.vanban.test/int.crl
[v_leaf_ocsp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://ocsp.vanban.test/
[v_badku]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment
subjectKeyIdentifier = hash
[v_notca]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash
[v_tsa]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
[tsa]
default_tsa = tsa1
[tsa1]
dir = .
serial = tsa.srl
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
ess_cert_id_alg = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
`;

export function verifyPki(): VerifyPki {
  if (cached) return cached;
  const dir = tempDir('vanban-vpki-');
  const run = (args: string[]): Buffer => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'x.cnf'), CNF);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'rindex.txt'), '');
  writeFileSync(join(dir, 'tsa.srl'), '01\n');
  const selfSigned = (name: string, subj: string): void => {
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '60', '-subj', subj,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-utf8']);
  };
  const issue = (name: string, subj: string, ca: string, ext: string, ec = false): Party => {
    const keyArgs = ec ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
    run(['req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj, '-utf8']);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`,
      '-days', '30', '-extfile', 'x.cnf', '-extensions', ext]);
    return {
      keyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
      certPem: readFileSync(join(dir, `${name}.pem`), 'utf8'),
      certFile: join(dir, `${name}.pem`),
      keyFile: join(dir, `${name}.key`),
    };
  };
  selfSigned('root', '/C=VN/O=Ban Co yeu Thu nghiem/CN=Root CA Thu nghiem');
  issue('int', '/C=VN/O=Ban Co yeu Thu nghiem/CN=CA trung gian Thu nghiem', 'root', 'v_ca');
  const leader = issue('leader', '/C=VN/O=UBND Tinh Mau/CN=Nguyễn Văn A', 'int', 'v_leaf');
  const revoked = issue('revoked', '/C=VN/O=UBND Tinh Mau/CN=Lê Văn Thu Hồi', 'int', 'v_leaf');
  const tsa = issue('tsa', '/C=VN/O=Ban Co yeu Thu nghiem/CN=TSA Thu nghiem', 'root', 'v_tsa');
  const ecLeader = issue('ecleader', '/C=VN/O=UBND Tinh Mau/CN=Trần Thị B', 'int', 'v_leaf', true);
  const ocspLeader = issue('ocspleader', '/C=VN/O=UBND Tinh Mau/CN=Phạm Văn OCSP', 'int', 'v_leaf_ocsp');
  const ocspRevoked = issue('ocsprevoked', '/C=VN/O=UBND Tinh Mau/CN=Đỗ Văn Thu Hồi OCSP', 'int', 'v_leaf_ocsp');
  const encipherOnly = issue('encipher', '/C=VN/O=UBND Tinh Mau/CN=Khoa Ma Hoa', 'int', 'v_badku');
  const nonCa = issue('nonca', '/C=VN/O=UBND Tinh Mau/CN=Khong Phai CA', 'int', 'v_notca');
  const underNonCa = issue('undernonca', '/C=VN/O=UBND Tinh Mau/CN=Duoi Khong Phai CA', 'nonca', 'v_leaf');
  selfSigned('stranger-root', '/C=VN/O=Khong tin cay/CN=Root la');
  const stranger = issue('stranger', '/C=VN/O=Khong tin cay/CN=Người Lạ', 'stranger-root', 'v_leaf');
  // CRL: openssl ca needs the serial of the revoked cert in its database.
  writeFileSync(join(dir, 'int.srl'), '1000\n');
  run(['ca', '-config', 'x.cnf', '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise', '-batch']);
  run(['ca', '-config', 'x.cnf', '-gencrl', '-out', 'int.crl.pem', '-batch']);
  // OCSP answers come from the same database: one valid, one revoked entry.
  run(['ca', '-config', 'x.cnf', '-valid', 'ocspleader.pem', '-batch']);
  run(['ca', '-config', 'x.cnf', '-revoke', 'ocsprevoked.pem', '-batch']);
  const crlDer = run(['crl', '-in', 'int.crl.pem', '-outform', 'DER']);
  run(['ca', '-config', 'x.cnf', '-name', 'rca', '-gencrl', '-out', 'root.crl.pem', '-batch']);
  const rootCrlDer = run(['crl', '-in', 'root.crl.pem', '-outform', 'DER']);
  const nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  const nss = (args: string[]): void => {
    execFileSync('certutil', [...args, '-d', `sql:${nssDir}`], { stdio: 'pipe' });
  };
  nss(['-N', '--empty-password']);
  nss(['-A', '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
  nss(['-A', '-n', 'int', '-t', ',,', '-i', join(dir, 'int.pem')]);
  // The leader's key in NSS lets pdfsig itself sign: a foreign signer for our verifier.
  run(['pkcs12', '-export', '-inkey', 'leader.key', '-in', 'leader.pem', '-out', 'leader.p12', '-passout', 'pass:', '-name', 'leader']);
  execFileSync('pk12util', ['-i', join(dir, 'leader.p12'), '-d', `sql:${nssDir}`, '-W', ''], { stdio: 'pipe' });
  let n = 0;
  const ocsp = (request: Buffer): Buffer => {
    const id = `ocsp${n++}`;
    writeFileSync(join(dir, `${id}.req`), request);
    run(['ocsp', '-index', 'index.txt', '-rsigner', 'int.pem', '-rkey', 'int.key', '-CA', 'int.pem', '-reqin', `${id}.req`,
      '-respout', `${id}.resp`, '-ndays', '1']);
    return readFileSync(join(dir, `${id}.resp`));
  };
  const timestamp = (data: Buffer): Buffer => {
    const id = `ts${n++}`;
    writeFileSync(join(dir, `${id}.dat`), data);
    run(['ts', '-query', '-data', `${id}.dat`, '-sha256', '-cert', '-out', `${id}.tsq`]);
    run(['ts', '-reply', '-config', 'x.cnf', '-queryfile', `${id}.tsq`, '-signer', 'tsa.pem', '-inkey', 'tsa.key', '-chain', 'root.pem',
      '-token_out', '-out', `${id}.tok`]);
    return readFileSync(join(dir, `${id}.tok`));
  };
  cached = {
    dir, nssDir,
    rootPem: readFileSync(join(dir, 'root.pem'), 'utf8'),
    intermediatePem: readFileSync(join(dir, 'int.pem'), 'utf8'),
    leader, revoked, stranger, tsa, ecLeader, ocspLeader, ocspRevoked, ocsp, encipherOnly, underNonCa, nonCaPem: nonCa.certPem,
    strangerRootPem: readFileSync(join(dir, 'stranger-root.pem'), 'utf8'),
    crlDer, crlUrl: 'http://crl.vanban.test/int.crl',
    rootCrlDer, rootCrlUrl: 'http://crl.vanban.test/root.crl',
    timestamp,
  };
  return cached;
}
