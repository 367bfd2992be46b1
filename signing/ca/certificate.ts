import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../crypto/der';
import { sha256SignatureAlgorithm, signSha256 } from '../crypto/sign-tbs';
import { buildName, type DistinguishedName } from './names';

export interface CertificateSpec {
  serial: Buffer;
  subject: DistinguishedName;
  /** The issuer certificate's own subject, reused as-is so the bytes match for path building. */
  issuer: pkijs.RelativeDistinguishedNames | 'self';
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeySpki: Buffer;
  extensions: pkijs.Extension[];
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(value: Date): pkijs.Time {
  return new pkijs.Time({ type: value.getUTCFullYear() >= 2050 ? 1 : 0, value });
}

/** INTEGER content for a positive serial: a leading 0x00 keeps the sign bit clear. */
export function positiveInteger(bytes: Buffer): asn1js.Integer {
  const body = bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return new asn1js.Integer({ valueHex: toArrayBuffer(body) });
}

/** Hex of an INTEGER without sign padding, lower case: the form used as `serialHex` everywhere. */
export function serialHexOf(serial: asn1js.Integer): string {
  const hex = Buffer.from(serial.valueBlock.valueHexView).toString('hex');
  return hex.replace(/^(00)+(?=.)/, '');
}

/** Builds and signs a certificate with the issuer's PKCS#8 PEM key (SHA-256). */
export function signCertificate(spec: CertificateSpec, issuerKeyPem: string): Buffer {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = positiveInteger(spec.serial);
  cert.subject = buildName(spec.subject);
  cert.issuer = spec.issuer === 'self' ? buildName(spec.subject) : spec.issuer;
  cert.notBefore = x509Time(spec.notBefore);
  cert.notAfter = x509Time(spec.notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spec.subjectPublicKeySpki));
  cert.extensions = spec.extensions;
  cert.signature = sha256SignatureAlgorithm(issuerKeyPem);
  const tbs = cert.toSchema(true).valueBlock.value[0]; // encodeTBS() is protected
  const signature = signSha256(issuerKeyPem, new Uint8Array(tbs.toBER(false)));
  const der = new asn1js.Sequence({
    value: [tbs, sha256SignatureAlgorithm(issuerKeyPem).toSchema(), new asn1js.BitString({ valueHex: toArrayBuffer(signature) })],
  }).toBER(false);
  return Buffer.from(der);
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}
