import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../crypto/der';
import { OID } from '../crypto/oids';
import { sha256SignatureAlgorithm } from '../crypto/sign-tbs';
import { memberSigningKey, memberSpki, type CaBundle, type CaMember } from './bundle';
import { serialHexOf } from './certificate';
import { keyIdentifier } from './extensions';
import { certIdHashes, findRevocation, isIssued } from './revocation';
import { REASON_CODE, type IssuerName } from './state';

/** RFC 6960 §4.2.1 OCSPResponseStatus values used here. */
const STATUS = { successful: 0, malformedRequest: 1, internalError: 2 } as const;

/** Answers are fresh for a day; a client may cache them until nextUpdate. */
const NEXT_UPDATE_MS = 86400_000;
/** More single requests than any client sends; keeps one POST from costing much. */
const MAX_REQUESTS = 50;

const HASHES: Record<string, 'sha1' | 'sha256'> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256' };

function statusOnly(status: number): Buffer {
  const resp = new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) });
  return Buffer.from(resp.toSchema().toBER(false));
}

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

function issuerOf(ca: CaBundle, certId: pkijs.CertID): IssuerName | undefined {
  const algorithm = HASHES[certId.hashAlgorithm.algorithmId];
  if (!algorithm) return undefined;
  const nameHash = Buffer.from(certId.issuerNameHash.valueBlock.valueHexView);
  const keyHash = Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView);
  for (const issuer of ['sub', 'root'] as const) {
    const h = certIdHashes(ca[issuer].certDer, algorithm);
    if (h.nameHash.equals(nameHash) && h.keyHash.equals(keyHash)) return issuer;
  }
  return undefined;
}

function certStatus(ca: CaBundle, issuer: IssuerName, serialHex: string): asn1js.BaseBlock {
  const revoked = findRevocation(ca, issuer, serialHex);
  if (revoked) {
    const items: asn1js.BaseBlock[] = [new asn1js.GeneralizedTime({ valueDate: wholeSeconds(new Date(revoked.revokedAt)) })];
    items.push(
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1js.Enumerated({ value: REASON_CODE[revoked.reason] })],
      }),
    );
    return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: items });
  }
  // "unknown" for serials this CA never issued: "good" would vouch for a forged certificate.
  const tag = isIssued(ca, issuer, serialHex) ? 0 : 2;
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag } });
}

/**
 * RFC 6960 responder: bytes in, bytes out, never throws. Certificates of the sub CA are
 * answered by the delegated OCSP responder certificate; a request only about certificates
 * issued by the root (the sub CA itself) is signed by the root key directly.
 */
export async function respondOcsp(ca: CaBundle, requestDer: Buffer, now: Date = new Date()): Promise<Buffer> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(toArrayBuffer(requestDer));
    const n = request.tbsRequest.requestList.length;
    if (n === 0 || n > MAX_REQUESTS) return statusOnly(STATUS.malformedRequest);
  } catch {
    return statusOnly(STATUS.malformedRequest);
  }
  try {
    return await answer(ca, request, now);
  } catch {
    return statusOnly(STATUS.internalError);
  }
}

async function answer(ca: CaBundle, request: pkijs.OCSPRequest, now: Date): Promise<Buffer> {
  const requests = request.tbsRequest.requestList.map((r) => ({ certId: r.reqCert, issuer: issuerOf(ca, r.reqCert) }));
  const onlyRoot = requests.every((r) => r.issuer !== 'sub') && requests.some((r) => r.issuer === 'root');
  const authority: IssuerName = onlyRoot ? 'root' : 'sub';
  const signer: CaMember = onlyRoot ? ca.root : ca.ocsp;

  const basic = new pkijs.BasicOCSPResponse();
  const data = basic.tbsResponseData;
  data.responderID = new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(memberSpki(signer))) });
  data.producedAt = wholeSeconds(now);
  data.responses = requests.map(({ certId, issuer }) => {
    const serialHex = serialHexOf(certId.serialNumber);
    const status =
      issuer === authority
        ? certStatus(ca, issuer, serialHex)
        : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
    return new pkijs.SingleResponse({
      certID: certId,
      certStatus: status,
      thisUpdate: wholeSeconds(now),
      nextUpdate: wholeSeconds(new Date(now.getTime() + NEXT_UPDATE_MS)),
    });
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  if (nonce) data.responseExtensions = [new pkijs.Extension({ extnID: OID.ocspNonce, critical: false, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer })];
  if (!onlyRoot) basic.certs = [pkijs.Certificate.fromBER(toArrayBuffer(signer.certDer))];
  await basic.sign(await memberSigningKey(signer), 'SHA-256', ca.engine);
  // Outside the signed data, so safe to complete after signing: RFC 4055 wants the NULL.
  basic.signatureAlgorithm = sha256SignatureAlgorithm(signer.keyPem);

  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: STATUS.successful }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OID.ocspBasic,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return Buffer.from(response.toSchema().toBER(false));
}
