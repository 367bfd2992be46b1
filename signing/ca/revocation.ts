import { createHash } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../crypto/der';
import { OID } from '../crypto/oids';
import { sha256SignatureAlgorithm, signSha256 } from '../crypto/sign-tbs';
import type { CaBundle } from './bundle';
import { parseCertificate, positiveInteger, x509Time } from './certificate';
import { CaError } from './errors';
import { authorityKeyIdentifier } from './extensions';
import { REASON_CODE, type IssuerName, type RevocationReason, type RevokedRecord } from './state';

/** CRLs are valid for a week: long enough for offline demos, short enough to show refresh. */
export const CRL_VALIDITY_MS = 7 * 86400_000;

function normaliseSerial(serialHex: string): string {
  return serialHex.toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^(00)+(?=.)/, '');
}

/**
 * Marks a certificate issued by this CA as revoked and persists it. Revoking twice keeps
 * the first date and reason (the CRL must not move a revocation in time).
 */
export async function revokeCertificate(
  ca: CaBundle,
  serialHex: string,
  reason: RevocationReason = 'unspecified',
  when: Date = new Date(),
): Promise<RevokedRecord> {
  const serial = normaliseSerial(serialHex);
  if (!(reason in REASON_CODE)) throw new CaError('CA_BAD_INPUT', `reason ${reason}`);
  const issued = ca.state.issued.find((r) => r.serialHex === serial);
  if (!issued) throw new CaError('CA_UNKNOWN_SERIAL', serial);
  const existing = ca.state.revoked.find((r) => r.serialHex === serial);
  if (existing) return existing;
  const record: RevokedRecord = { serialHex: serial, issuer: issued.issuer, revokedAt: when.toISOString(), reason };
  ca.state.revoked.push(record);
  await ca.persist();
  return record;
}

export function findRevocation(ca: CaBundle, issuer: IssuerName, serialHex: string): RevokedRecord | undefined {
  const serial = normaliseSerial(serialHex);
  return ca.state.revoked.find((r) => r.issuer === issuer && r.serialHex === serial);
}

export function isIssued(ca: CaBundle, issuer: IssuerName, serialHex: string): boolean {
  const serial = normaliseSerial(serialHex);
  return ca.state.issued.some((r) => r.issuer === issuer && r.serialHex === serial);
}

function reasonExtension(reason: RevocationReason): pkijs.Extension {
  return new pkijs.Extension({
    extnID: OID.crlReason,
    critical: false,
    extnValue: new asn1js.Enumerated({ value: REASON_CODE[reason] }).toBER(false),
  });
}

/**
 * CRL numbers come from the clock (milliseconds, strictly increasing within the process), so
 * they keep increasing across restarts without a synchronous write to the state file.
 */
function nextCrlNumber(ca: CaBundle, issuer: IssuerName, now: Date): number {
  const n = Math.max(now.getTime(), ca.state.crlNumber[issuer] + 1);
  ca.state.crlNumber[issuer] = n;
  return n;
}

/** X.509 v2 CRL (DER) of the root or the sub CA, signed synchronously with Node's crypto. */
export function createCrl(ca: CaBundle, issuer: IssuerName, now: Date = new Date()): Buffer {
  const member = ca[issuer];
  const issuerCert = parseCertificate(member.certDer);

  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.signature = sha256SignatureAlgorithm(member.keyPem);
  crl.issuer = issuerCert.subject;
  crl.thisUpdate = x509Time(now);
  crl.nextUpdate = x509Time(new Date(now.getTime() + CRL_VALIDITY_MS));
  const revoked = ca.state.revoked.filter((r) => r.issuer === issuer);
  if (revoked.length > 0) {
    // RFC 5280 §5.3.1: omit reasonCode rather than writing "unspecified".
    crl.revokedCertificates = revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: positiveInteger(Buffer.from(r.serialHex.length % 2 ? '0' + r.serialHex : r.serialHex, 'hex')),
          revocationDate: x509Time(new Date(r.revokedAt)),
          ...(r.reason === 'unspecified' ? {} : { crlEntryExtensions: new pkijs.Extensions({ extensions: [reasonExtension(r.reason)] }) }),
        }),
    );
  }
  const spki = issuerCert.subjectPublicKeyInfo.toSchema().toBER(false);
  const crlNumber = new pkijs.Extension({
    extnID: OID.crlNumber,
    critical: false,
    extnValue: new asn1js.Integer({ value: nextCrlNumber(ca, issuer, now) }).toBER(false),
  });
  crl.crlExtensions = new pkijs.Extensions({ extensions: [authorityKeyIdentifier(Buffer.from(spki)), crlNumber] });

  const tbs = crl.toSchema(true).valueBlock.value[0]; // encodeTBS() is protected
  const signature = signSha256(member.keyPem, new Uint8Array(tbs.toBER(false)));
  const der = new asn1js.Sequence({
    value: [tbs, sha256SignatureAlgorithm(member.keyPem).toSchema(), new asn1js.BitString({ valueHex: toArrayBuffer(signature) })],
  }).toBER(false);
  return Buffer.from(der);
}

/** SHA-1 or SHA-256 of a certificate's subject DN and public key: the OCSP CertID hashes. */
export function certIdHashes(certDer: Buffer, algorithm: 'sha1' | 'sha256'): { nameHash: Buffer; keyHash: Buffer } {
  const cert = parseCertificate(certDer);
  const name = Buffer.from(cert.subject.toSchema().toBER(false));
  const key = cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return {
    nameHash: createHash(algorithm).update(name).digest(),
    keyHash: createHash(algorithm).update(key).digest(),
  };
}
