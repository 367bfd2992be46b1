import { createHash } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { algorithmOf, digestName, parseBer, publicKeyOf, verifyRaw } from './algorithms';
import { Cert, certFromDer, crlUrls, extendedKeyUsage, isIssuedBy, ocspUrls, sameCert } from './certificates';
import { RevocationStatus, SignatureError } from './report';

/** One network request for revocation data; returns the response body or null. */
export type RevocationRequest = { kind: 'ocsp'; url: string; body: Buffer } | { kind: 'crl'; url: string };
export type RevocationFetcher = (req: RevocationRequest) => Promise<Buffer | null>;

export interface RevocationData {
  crls: Buffer[];
  ocspResponses: Buffer[];
}

export interface RevocationResult {
  status: RevocationStatus;
  errors: SignatureError[];
  /** Where each decision came from, for the report's details. */
  sources: ('embedded' | 'fetched')[];
}

type CertStatus = { state: 'good' | 'revoked' | 'unknown'; revokedAt?: Date };

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

function keyHash(hashName: string, c: Cert): Buffer {
  return createHash(hashName).update(Buffer.from(c.pkijs.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).digest();
}

function nameHash(hashName: string, c: Cert): Buffer {
  return createHash(hashName).update(Buffer.from(c.pkijs.subject.toSchema().toBER(false))).digest();
}

/** Status of `cert` according to one DER OCSPResponse, or null when it does not speak about it. */
export function statusFromOcsp(der: Buffer, cert: Cert, issuer: Cert): CertStatus | null {
  try {
    const resp = new pkijs.OCSPResponse({ schema: parseBer(der) });
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) return null;
    const basic = new pkijs.BasicOCSPResponse({ schema: parseBer(Buffer.from(resp.responseBytes.response.valueBlock.valueHexView)) });
    // The responder is the issuer itself or a delegate the issuer certified for OCSP signing.
    const candidates = [issuer, ...(basic.certs ?? []).map((c) => certFromDer(Buffer.from(c.toSchema().toBER(false))))];
    const responder = candidates.find(
      (c) => sameCert(c, issuer) || (isIssuedBy(c, issuer) && (extendedKeyUsage(c) ?? []).includes(OCSP_SIGNING)),
    );
    if (!responder) return null;
    const tbs = Buffer.from(basic.tbsResponseData.tbsView);
    const sig = Buffer.from(basic.signature.valueBlock.valueHexView);
    if (!verifyRaw(algorithmOf(basic.signatureAlgorithm), undefined, tbs, sig, publicKeyOf(responder.pkijs))) return null;
    for (const sr of basic.tbsResponseData.responses) {
      const h = digestName(sr.certID.hashAlgorithm.algorithmId);
      if (!sr.certID.serialNumber.isEqual(cert.pkijs.serialNumber)) continue;
      if (!Buffer.from(sr.certID.issuerKeyHash.valueBlock.valueHexView).equals(keyHash(h, issuer))) continue;
      const tag = (sr.certStatus as asn1js.BaseBlock).idBlock.tagNumber;
      if (tag === 0) return { state: 'good' };
      if (tag === 1) {
        const rt = (sr.certStatus as asn1js.Constructed).valueBlock.value[0] as asn1js.GeneralizedTime;
        return { state: 'revoked', revokedAt: rt.toDate() };
      }
      return { state: 'unknown' };
    }
    return null;
  } catch {
    return null;
  }
}

/** Status from one DER CRL issued (and signed) by `issuer`, or null when not applicable. */
export function statusFromCrl(der: Buffer, cert: Cert, issuer: Cert): CertStatus | null {
  try {
    const crl = new pkijs.CertificateRevocationList({ schema: parseBer(der) });
    if (!crl.issuer.isEqual(issuer.pkijs.subject)) return null;
    const sig = Buffer.from(crl.signatureValue.valueBlock.valueHexView);
    if (!verifyRaw(algorithmOf(crl.signatureAlgorithm), undefined, Buffer.from(crl.tbsView), sig, publicKeyOf(issuer.pkijs))) return null;
    const hit = (crl.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(cert.pkijs.serialNumber));
    return hit ? { state: 'revoked', revokedAt: hit.revocationDate.value } : { state: 'good' };
  } catch {
    return null;
  }
}

export function ocspRequestFor(cert: Cert, issuer: Cert): Buffer {
  const req = new pkijs.OCSPRequest();
  req.tbsRequest.requestList = [
    new pkijs.Request({
      reqCert: new pkijs.CertID({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.3.14.3.2.26', algorithmParams: new asn1js.Null() }),
        issuerNameHash: new asn1js.OctetString({ valueHex: nameHash('sha1', issuer) }),
        issuerKeyHash: new asn1js.OctetString({ valueHex: keyHash('sha1', issuer) }),
        serialNumber: cert.pkijs.serialNumber,
      }),
    }),
  ];
  return Buffer.from(req.toSchema(true).toBER(false));
}

async function fetchStatus(cert: Cert, issuer: Cert, fetcher: RevocationFetcher): Promise<CertStatus | null> {
  for (const url of ocspUrls(cert)) {
    const body = await fetcher({ kind: 'ocsp', url, body: ocspRequestFor(cert, issuer) }).catch(() => null);
    const st = body && statusFromOcsp(body, cert, issuer);
    if (st) return st;
  }
  for (const url of crlUrls(cert)) {
    const body = await fetcher({ kind: 'crl', url }).catch(() => null);
    const st = body && statusFromCrl(body, cert, issuer);
    if (st) return st;
  }
  return null;
}

/**
 * Revocation of every non-anchor certificate of `path` (leaf first, anchor last).
 * A certificate revoked after `time` does not invalidate a signature made at `time`.
 */
export async function checkRevocation(
  path: Cert[],
  time: Date,
  data: RevocationData,
  fetcher: RevocationFetcher | null,
): Promise<RevocationResult> {
  const errors: SignatureError[] = [];
  const sources: ('embedded' | 'fetched')[] = [];
  let missing = false;
  let unknown = false;
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i];
    const issuer = path[i + 1];
    let st: CertStatus | null = null;
    for (const o of data.ocspResponses) if (!st) st = statusFromOcsp(o, cert, issuer);
    for (const c of data.crls) if (!st || st.state === 'unknown') st = statusFromCrl(c, cert, issuer) ?? st;
    if (st) sources.push('embedded');
    else if (fetcher) {
      st = await fetchStatus(cert, issuer, fetcher);
      if (st) sources.push('fetched');
    }
    if (!st) {
      if (fetcher) unknown = true;
      else missing = true;
      continue;
    }
    if (st.state === 'revoked' && st.revokedAt && st.revokedAt <= time) {
      errors.push({ code: 'CERT_REVOKED', message: `Chứng thư số đã bị thu hồi từ ${st.revokedAt.toISOString()}.` });
      return { status: 'revoked', errors, sources };
    }
    if (st.state === 'unknown') unknown = true;
  }
  if (unknown) {
    errors.push({ code: 'REVOCATION_UNKNOWN', message: 'Không xác định được tình trạng thu hồi của chứng thư số.' });
    return { status: 'unknown', errors, sources };
  }
  if (missing) {
    errors.push({ code: 'REVOCATION_NOT_CHECKED', message: 'Chưa kiểm tra tình trạng thu hồi chứng thư số (không có dữ liệu, chế độ ngoại tuyến).' });
    return { status: 'not_checked', errors, sources };
  }
  return { status: path.length > 0 ? 'good' : 'unknown', errors, sources };
}

/** Default online fetcher (OCSP POST / CRL GET) with a short timeout so a dead responder cannot hang us. */
export function httpFetcher(timeoutMs = 5000): RevocationFetcher {
  return async (req) => {
    const ctl = AbortSignal.timeout(timeoutMs);
    const res =
      req.kind === 'ocsp'
        ? await fetch(req.url, { method: 'POST', body: new Uint8Array(req.body), headers: { 'content-type': 'application/ocsp-request' }, signal: ctl })
        : await fetch(req.url, { signal: ctl });
    if (!res.ok) return null;
    const buf = Buffer.from(await res.arrayBuffer());
    return buf.length > 0 && buf.length < 20 * 1024 * 1024 ? buf : null;
  };
}
