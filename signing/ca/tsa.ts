import { createHash, randomBytes } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { namedBitString } from '../crypto/bits';
import { toArrayBuffer } from '../crypto/der';
import { DIGEST_LENGTH, OID } from '../crypto/oids';
import { sha256SignatureAlgorithm } from '../crypto/sign-tbs';
import { memberSigningKey, type CaBundle } from './bundle';
import { parseCertificate, positiveInteger } from './certificate';

/** DEMO TSA policy, under the ITU-T/ISO "example" arc (2.999) so it can never clash with a real one. */
export const DEMO_TSA_POLICY = '2.999.3161.1';

/** RFC 3161 §2.4.2 PKIFailureInfo bit numbers. */
const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;
type FailReason = keyof typeof FAIL;

const FAIL_TEXT: Record<FailReason, string> = {
  badAlg: 'Thuật toán băm không được hỗ trợ.',
  badRequest: 'Yêu cầu cấp dấu thời gian không hợp lệ.',
  badDataFormat: 'Dữ liệu yêu cầu cấp dấu thời gian sai định dạng.',
  unacceptedPolicy: 'Chính sách cấp dấu thời gian không được chấp nhận.',
  unacceptedExtension: 'Phần mở rộng trong yêu cầu không được hỗ trợ.',
  systemFailure: 'Máy chủ cấp dấu thời gian gặp lỗi.',
};

/** SHA-1 imprints are refused: a collision would let one token cover two documents. */
const ACCEPTED_HASHES = new Set<string>([OID.sha256, OID.sha384, OID.sha512]);

function rejection(reason: FailReason): Buffer {
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: FAIL_TEXT[reason] })],
      failInfo: namedBitString([FAIL[reason]]),
    }),
  });
  return Buffer.from(resp.toSchema().toBER(false));
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** RFC 5035 SigningCertificateV2 with one ESSCertIDv2 (SHA-256, the DEFAULT, so no AlgorithmIdentifier). */
function signingCertificateV2(cert: pkijs.Certificate, certDer: Buffer): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(), cert.serialNumber],
  });
  const essCertId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(createHash('sha256').update(certDer).digest()) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

function problem(req: pkijs.TimeStampReq): FailReason | undefined {
  if (req.version !== 1) return 'badRequest';
  const alg = req.messageImprint.hashAlgorithm.algorithmId;
  if (!ACCEPTED_HASHES.has(alg)) return 'badAlg';
  if (req.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== DIGEST_LENGTH[alg]) return 'badDataFormat';
  if (req.reqPolicy && req.reqPolicy !== DEMO_TSA_POLICY) return 'unacceptedPolicy';
  if (req.extensions && req.extensions.length > 0) return 'unacceptedExtension';
  return undefined;
}

/**
 * RFC 3161 TSA: TimeStampReq bytes in, TimeStampResp bytes out, never throws. Tokens are
 * CMS SignedData over a TSTInfo, signed by the TSA certificate with ESS signing-certificate-v2.
 */
export async function respondTimestamp(ca: CaBundle, requestDer: Buffer, now: Date = new Date()): Promise<Buffer> {
  let req: pkijs.TimeStampReq;
  try {
    req = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
  } catch {
    return rejection('badDataFormat');
  }
  const bad = problem(req);
  if (bad) return rejection(bad);
  try {
    return await grant(ca, req, now);
  } catch {
    return rejection('systemFailure');
  }
}

async function grant(ca: CaBundle, req: pkijs.TimeStampReq, now: Date): Promise<Buffer> {
  const tsaCert = parseCertificate(ca.tsa.certDer);
  // Whole seconds with a declared accuracy of one second: no fractional genTime to mis-parse.
  const genTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: DEMO_TSA_POLICY,
    messageImprint: req.messageImprint,
    // Random serials: unique without shared state between concurrent requests.
    serialNumber: positiveInteger(randomBytes(16)),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(req.nonce ? { nonce: req.nonce } : {}),
    tsa: new pkijs.GeneralName({ type: 4, value: tsaCert.subject }),
  });
  const tstDer = Buffer.from(tstInfo.toSchema().toBER(false));

  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.tstInfo })),
      attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: genTime })),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(createHash('sha256').update(tstDer).digest()) })),
      attribute(OID.signingCertificateV2, signingCertificateV2(tsaCert, ca.tsa.certDer)),
    ],
  });
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.tstInfo,
      eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(tstDer) }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaCert.issuer, serialNumber: tsaCert.serialNumber }),
        signedAttrs,
      }),
    ],
    ...(req.certReq ? { certificates: [tsaCert] } : {}),
  });
  await signedData.sign(await memberSigningKey(ca.tsa), 0, 'SHA-256', undefined, ca.engine);
  // Not covered by the signature; RFC 4055 wants the NULL that pkijs leaves out.
  signedData.signerInfos[0].signatureAlgorithm = sha256SignatureAlgorithm(ca.tsa.keyPem);

  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }),
  });
  return Buffer.from(resp.toSchema().toBER(false));
}
