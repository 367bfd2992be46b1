import { toPem, pemToDer } from '../crypto/der';
import type { KeyType } from '../crypto/webcrypto';
import { memberSpki, type CaBundle } from './bundle';
import { parseCertificate, signCertificate } from './certificate';
import { CaError } from './errors';
import type { DistinguishedName } from './names';
import { buildPkcs12 } from './pkcs12';
import { documentSignerProfile } from './profiles';
import { allocateSerial } from './state';

export interface IssueRequest {
  /** Person's full name, or for a seal the agency's name. */
  commonName: string;
  organization: string;
  organizationalUnit?: string;
  /** Agency seal certificate (chữ ký số của cơ quan, tổ chức) instead of a person's. */
  seal?: boolean;
  keyType?: KeyType;
  email?: string;
  validDays?: number;
  notBefore?: Date;
}

export interface IssuedCertificate {
  certPem: string;
  certDer: Buffer;
  /** Unencrypted PKCS#8 PEM. */
  keyPem: string;
  keyType: KeyType;
  /** Sub CA then root, PEM each. */
  chainPem: string[];
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** PKCS#12 with the key, the certificate and the chain (AES-256, SHA-256 MAC). */
  toP12(password: string): Buffer;
}

const DAY = 86400_000;

function validate(req: IssueRequest): void {
  const bad = (why: string) => new CaError('CA_BAD_INPUT', why);
  if (!req.commonName?.trim()) throw bad('commonName is empty');
  if (!req.organization?.trim()) throw bad('organization is empty');
  if (req.keyType && req.keyType !== 'rsa' && req.keyType !== 'ec') throw bad(`keyType ${String(req.keyType)}`);
  if (req.validDays !== undefined && !(req.validDays > 0)) throw bad(`validDays ${req.validDays}`);
  if (req.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(req.email)) throw bad(`email ${req.email}`);
  if (req.notBefore && Number.isNaN(req.notBefore.getTime())) throw bad('notBefore is not a date');
}

/** Issues an official's or an agency seal's signing certificate from the sub CA. */
export async function issueCertificate(ca: CaBundle, req: IssueRequest): Promise<IssuedCertificate> {
  validate(req);
  const keyType = req.keyType ?? 'rsa';
  const sub = parseCertificate(ca.sub.certDer);
  const subNotBefore = sub.notBefore.value;
  const subNotAfter = sub.notAfter.value;
  // A few minutes back so a verifier with a slow clock does not see a "not yet valid" cert.
  const notBefore = req.notBefore ?? new Date(Date.now() - 5 * 60_000);
  if (notBefore < subNotBefore || notBefore >= subNotAfter) {
    throw new CaError('CA_BAD_INPUT', `notBefore ${notBefore.toISOString()} outside the sub CA validity`);
  }
  const wanted = new Date(notBefore.getTime() + (req.validDays ?? 730) * DAY);
  const notAfter = wanted > subNotAfter ? subNotAfter : wanted;

  const subject: DistinguishedName = {
    country: 'VN',
    organization: req.organization.trim(),
    organizationalUnit: req.organizationalUnit?.trim() || undefined,
    commonName: req.commonName.trim(),
  };
  const keys = ca.keySource(keyType);
  const serial = allocateSerial(ca.state);
  const certDer = signCertificate(
    {
      serial,
      subject,
      issuer: sub.subject,
      notBefore,
      notAfter,
      subjectPublicKeySpki: keys.publicKeySpki,
      extensions: documentSignerProfile(keys.publicKeySpki, memberSpki(ca.sub), ca.urls, req.email),
    },
    ca.sub.keyPem,
  );
  const serialHex = serial.toString('hex');
  ca.state.issued.push({ serialHex, issuer: 'sub', kind: req.seal ? 'seal' : 'personal', subject: subject.commonName, notAfter: notAfter.toISOString() });
  await ca.persist();

  const chainPem = [ca.sub.certPem, ca.root.certPem];
  const keyDer = pemToDer(keys.privateKeyPem, 'PRIVATE KEY');
  return {
    certPem: toPem(certDer),
    certDer,
    keyPem: keys.privateKeyPem,
    keyType,
    chainPem,
    serialHex,
    notBefore,
    notAfter,
    toP12: (password: string) =>
      buildPkcs12(
        { keyPkcs8Der: keyDer, certDers: [certDer, ca.sub.certDer, ca.root.certDer], friendlyName: subject.commonName },
        password,
      ),
  };
}
