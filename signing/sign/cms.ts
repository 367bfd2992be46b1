import { createHash } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derTlv } from '../crypto/der';
import { insertCertificates } from '../crypto/signed-data-der';
import { SignError } from './errors';

/** CMS SignedData for PAdES baseline (ETSI EN 319 142-1 / 319 122-1), built with pkijs. */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

export type KeyAlgorithm = 'rsa' | 'ec';

export function pemBlocks(pem: string, label = 'CERTIFICATE'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const out: Buffer[] = [];
  for (let m = re.exec(pem); m; m = re.exec(pem)) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  return out;
}

function ab(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
}

const parsed = new Map<string, pkijs.Certificate>();

/** Parsed certificate, cached: pkijs schema parsing costs milliseconds and a signing run needs each several times. */
export function parseCertificate(der: Buffer): pkijs.Certificate {
  const key = der.toString('base64');
  const hit = parsed.get(key);
  if (hit) return hit;
  try {
    const cert = pkijs.Certificate.fromBER(ab(der));
    if (parsed.size > 64) parsed.clear();
    parsed.set(key, cert);
    return cert;
  } catch (e) {
    throw new SignError('SIGN_BAD_KEY', 'Chứng thư số không hợp lệ.', (e as Error).message);
  }
}

export function certificatesFromPem(pem: string): Buffer[] {
  const certs = pemBlocks(pem);
  if (!certs.length) throw new SignError('SIGN_BAD_KEY', 'Không tìm thấy chứng thư số (PEM).', 'no CERTIFICATE block');
  return certs;
}

function signingCertificateV2(certDer: Buffer, cert: pkijs.Certificate): asn1js.Sequence {
  const certHash = createHash('sha256').update(certDer).digest();
  // ESSCertIDv2 with the default hash (SHA-256, so omitted) and IssuerSerial.
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ab(certHash) }), issuerSerial] })] })],
  });
}

export interface SignedAttributes {
  attributes: pkijs.Attribute[];
  /** DER of the SET OF attributes: the exact bytes the signature is computed over. */
  der: Buffer;
}

/** content-type, message-digest, signing-certificate-v2; deliberately no signing-time (the /M entry carries it). */
export function buildSignedAttributes(documentDigest: Buffer, signerCertDer: Buffer): SignedAttributes {
  const cert = parseCertificate(signerCertDer);
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(documentDigest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(signerCertDer, cert)] }),
  ];
  // DER: SET OF elements sorted by their encodings.
  const encoded = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }));
  encoded.sort((x, y) => Buffer.compare(x.der, y.der));
  const body = Buffer.concat(encoded.map((e) => e.der));
  return { attributes: encoded.map((e) => e.a), der: derTlv(0x31, body) };
}

export function keyAlgorithmOfCertificate(certDer: Buffer): KeyAlgorithm {
  const cert = parseCertificate(certDer);
  const oid = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (oid === '1.2.840.113549.1.1.1') return 'rsa';
  if (oid === '1.2.840.10045.2.1') return 'ec';
  throw new SignError('SIGN_BAD_KEY', 'Loại khoá của chứng thư số chưa được hỗ trợ.', oid);
}

/** Longest signature value the key can produce (for sizing the placeholder). */
export function maxSignatureLength(certDer: Buffer): number {
  const cert = parseCertificate(certDer);
  if (keyAlgorithmOfCertificate(certDer) === 'ec') {
    const key = Buffer.from(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
    const coord = (key.length - 1) / 2;
    return 2 * (coord + 3) + 3; // DER SEQUENCE of two INTEGERs, each possibly with a 0x00 pad
  }
  const rsa = asn1js.fromBER(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).result as asn1js.Sequence;
  const modulus = Buffer.from((rsa.valueBlock.value[0] as asn1js.Integer).valueBlock.valueHexView);
  return modulus[0] === 0 ? modulus.length - 1 : modulus.length;
}

export interface AssembleOptions {
  signerCertDer: Buffer;
  /** Signer first or not: all certificates to embed (signer + chain). */
  certificatesDer: Buffer[];
  signedAttributes: SignedAttributes;
  signatureValue: Buffer;
  timestampToken?: Buffer;
}

export function assembleSignedData(o: AssembleOptions): Buffer {
  const cert = parseCertificate(o.signerCertDer);
  const alg = keyAlgorithmOfCertificate(o.signerCertDer);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: o.signedAttributes.attributes }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(
      alg === 'rsa' ? { algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() } : { algorithmId: OID.ecdsaWithSHA256 },
    ),
    signature: new asn1js.OctetString({ valueHex: ab(o.signatureValue) }),
  });
  if (o.timestampToken) {
    const tst = asn1js.fromBER(ab(o.timestampToken));
    if (tst.offset === -1) throw new SignError('TSA_REJECTED', 'Dấu thời gian nhận được không hợp lệ.', 'bad token DER');
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [tst.result] })],
    });
  }
  const seen = new Set<string>();
  const certs: Buffer[] = [];
  for (const der of [o.signerCertDer, ...o.certificatesDer]) {
    const k = der.toString('base64');
    if (!seen.has(k)) {
      seen.add(k);
      certs.push(der);
    }
  }
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    signerInfos: [signerInfo],
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  // The certificates go in as the bytes they are: pkijs would parse and re-encode each one.
  return insertCertificates(Buffer.from(ci.toSchema().toBER(false)), certs);
}
