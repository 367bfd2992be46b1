import { createHash, X509Certificate } from 'crypto';
import * as pkijs from 'pkijs';
import { parseBer, toArrayBuffer } from './algorithms';
import { VerifyError } from './errors';
import { SignerInfoReport } from './report';
import { ParseCache } from './parse-cache';

/** A parsed certificate with its DER, so identity checks compare bytes, not parsed fields. */
export interface Cert {
  der: Buffer;
  pkijs: pkijs.Certificate;
}

const parsedCerts = new ParseCache<Cert>(2048);

/** Parsed once per process per DER (see ParseCache): the same few CA and signer certificates recur in every file. */
export function certFromDer(der: Buffer): Cert {
  // A private copy: the caller's buffer may be a view into memory it reuses.
  return parsedCerts.get(der, () => ({ der: Buffer.from(der), pkijs: new pkijs.Certificate({ schema: parseBer(der) }) }));
}

/** All certificates of a PEM bundle. A bad anchor is a configuration error, not a signature problem. */
export function certsFromPem(pem: string): Cert[] {
  const out: Cert[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    try {
      out.push(certFromDer(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
    } catch (e) {
      throw new VerifyError('VERIFY_TRUST_ANCHOR', 'Chứng thư số cấu hình (tin cậy/trung gian) không đọc được.', (e as Error).message);
    }
  }
  return out;
}

const NAME_OIDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'E',
};

export function nameAttr(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const tv = name.typesAndValues.find((t) => t.type === oid);
  if (!tv) return null;
  const v = tv.value as { valueBlock?: { value?: unknown } };
  return typeof v.valueBlock?.value === 'string' ? v.valueBlock.value : null;
}

export function nameString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((t) => {
      const v = t.value as { valueBlock?: { value?: unknown } };
      return `${NAME_OIDS[t.type] ?? t.type}=${typeof v.valueBlock?.value === 'string' ? v.valueBlock.value : '?'}`;
    })
    .reverse()
    .join(', ');
}

export function serialHex(c: Cert): string {
  return Buffer.from(c.pkijs.serialNumber.valueBlock.valueHexView).toString('hex');
}

export function describeSigner(c: Cert): SignerInfoReport {
  return {
    commonName: nameAttr(c.pkijs.subject, '2.5.4.3'),
    organization: nameAttr(c.pkijs.subject, '2.5.4.10'),
    subject: nameString(c.pkijs.subject),
    issuer: nameString(c.pkijs.issuer),
    serialNumber: serialHex(c),
    notBefore: c.pkijs.notBefore.value.toISOString(),
    notAfter: c.pkijs.notAfter.value.toISOString(),
    fingerprint: createHash('sha256').update(c.der).digest('hex'),
  };
}

function extension(c: Cert, oid: string): pkijs.Extension | undefined {
  return c.pkijs.extensions?.find((e) => e.extnID === oid);
}

export interface BasicConstraintsInfo {
  ca: boolean;
  pathLen?: number;
}

export function basicConstraints(c: Cert): BasicConstraintsInfo | undefined {
  const ext = extension(c, '2.5.29.19');
  if (!ext) return undefined;
  const bc = ext.parsedValue as pkijs.BasicConstraints | undefined;
  if (!bc) return { ca: false };
  const pl = bc.pathLenConstraint;
  const pathLen = typeof pl === 'number' ? pl : pl ? pl.valueBlock.valueDec : undefined;
  return { ca: !!bc.cA, pathLen };
}

export const KU = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

/** Key usage bits, or undefined when the extension is absent (meaning: unrestricted). */
export function keyUsage(c: Cert): Set<number> | undefined {
  const ext = extension(c, '2.5.29.15');
  if (!ext) return undefined;
  const bits = new Set<number>();
  const bs = ext.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  const bytes = bs?.valueBlock?.valueHexView ?? new Uint8Array();
  for (let i = 0; i < bytes.length * 8; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) bits.add(i);
  return bits;
}

export function extendedKeyUsage(c: Cert): string[] | undefined {
  const ext = extension(c, '2.5.29.37');
  if (!ext) return undefined;
  const eku = ext.parsedValue as pkijs.ExtKeyUsage | undefined;
  return eku?.keyPurposes ?? [];
}

/** URLs from AIA (OCSP) and CRL distribution points, used when online fetching is allowed. */
export function ocspUrls(c: Cert): string[] {
  const ext = extension(c, '1.3.6.1.5.5.7.1.1');
  const aia = ext?.parsedValue as pkijs.InfoAccess | undefined;
  return (aia?.accessDescriptions ?? [])
    .filter((d) => d.accessMethod === '1.3.6.1.5.5.7.48.1' && d.accessLocation.type === 6)
    .map((d) => String(d.accessLocation.value));
}

export function crlUrls(c: Cert): string[] {
  const ext = extension(c, '2.5.29.31');
  const dps = ext?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const out: string[] = [];
  for (const dp of dps?.distributionPoints ?? []) {
    const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
    for (const n of names) if (n instanceof pkijs.GeneralName && n.type === 6) out.push(String(n.value));
  }
  return out;
}

export function sameCert(a: Cert, b: Cert): boolean {
  return a.der.equals(b.der);
}

/** True when `issuer` names and signed `child`. Node's X509 does the signature math. */
const issuedBy = new Map<string, boolean>();
const ISSUED_BY_LIMIT = 4096;

/**
 * True when `issuer` names and signed `child`. Node's X509 does the signature math. The answer is a
 * pure function of the two DER encodings, so it is remembered per pair of exact encodings.
 */
export function isIssuedBy(child: Cert, issuer: Cert): boolean {
  if (!child.pkijs.issuer.isEqual(issuer.pkijs.subject)) return false;
  const key = `${ParseCache.keyOf(child.der)}>${ParseCache.keyOf(issuer.der)}`;
  const known = issuedBy.get(key);
  if (known !== undefined) return known;
  let verdict: boolean;
  try {
    const c = new X509Certificate(child.der);
    verdict = c.verify(new X509Certificate(issuer.der).publicKey);
  } catch {
    verdict = false;
  }
  if (issuedBy.size >= ISSUED_BY_LIMIT) issuedBy.delete(issuedBy.keys().next().value!);
  issuedBy.set(key, verdict);
  return verdict;
}

export function isSelfIssued(c: Cert): boolean {
  return c.pkijs.issuer.isEqual(c.pkijs.subject);
}

export function certToArrayBuffer(c: Cert): ArrayBuffer {
  return toArrayBuffer(c.der);
}
