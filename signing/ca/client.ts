import { randomBytes } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pemToDer, pemToDers, toArrayBuffer } from '../crypto/der';
import { OID } from '../crypto/oids';
import { parseCertificate, positiveInteger } from './certificate';
import { CaError, type CaErrorCode } from './errors';
import { certIdHashes } from './revocation';

/** HTTP clients for a TSA, an OCSP responder and a CRL distribution point (global fetch). */

export interface HttpOptions {
  timeoutMs?: number;
  /** Injected for tests or proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}

async function httpBytes(url: string, init: RequestInit, opts: HttpOptions, code: CaErrorCode): Promise<Buffer> {
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
  } catch (e) {
    throw new CaError(code, `${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new CaError(code, `${url}: HTTP ${res.status}`);
  try {
    return Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw new CaError(code, `${url}: ${(e as Error).message}`);
  }
}

const HASH_BY_LENGTH: Record<number, string> = { 32: OID.sha256, 48: OID.sha384, 64: OID.sha512 };

export interface TimestampOptions extends HttpOptions {
  certReq?: boolean;
  policy?: string;
}

/**
 * RFC 3161 over HTTP: sends the digest (SHA-256/384/512, chosen by its length) with a
 * nonce and returns the TimeStampToken (ContentInfo DER) after checking that it answers
 * this request. The token's signature is left to the verifier.
 */
export async function requestTimestamp(url: string, digest: Buffer, opts: TimestampOptions = {}): Promise<Buffer> {
  const hashAlgorithm = HASH_BY_LENGTH[digest.length];
  if (!hashAlgorithm) throw new CaError('CA_BAD_INPUT', `digest of ${digest.length} bytes`);
  const nonce = positiveInteger(randomBytes(8));
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashAlgorithm }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
    }),
    nonce,
    certReq: opts.certReq ?? true,
    ...(opts.policy ? { reqPolicy: opts.policy } : {}),
  });
  const body = Buffer.from(req.toSchema().toBER(false));
  const reply = await httpBytes(
    url,
    { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' }, body: new Uint8Array(body) },
    opts,
    'TSA_UNAVAILABLE',
  );
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(reply));
  } catch (e) {
    throw new CaError('TSA_UNAVAILABLE', `${url}: not a TimeStampResp (${(e as Error).message})`);
  }
  const status = resp.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ') ?? '';
    throw new CaError('TSA_REJECTED', `status ${status}${text ? `: ${text}` : ''}`);
  }
  if (!resp.timeStampToken) throw new CaError('TSA_REJECTED', 'granted without a token');
  const tst = tstInfoOf(resp.timeStampToken);
  if (!tst.nonce || !tst.nonce.isEqual(nonce)) throw new CaError('TSA_REJECTED', 'nonce not echoed');
  const imprint = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (tst.messageImprint.hashAlgorithm.algorithmId !== hashAlgorithm || !imprint.equals(digest)) {
    throw new CaError('TSA_REJECTED', 'token covers another imprint');
  }
  return Buffer.from(resp.timeStampToken.toSchema().toBER(false));
}

function tstInfoOf(token: pkijs.ContentInfo): pkijs.TSTInfo {
  try {
    const signed = new pkijs.SignedData({ schema: token.content });
    const content = signed.encapContentInfo.eContent;
    if (signed.encapContentInfo.eContentType !== OID.tstInfo || !content) throw new Error('not a TSTInfo');
    return pkijs.TSTInfo.fromBER(content.getValue());
  } catch (e) {
    throw new CaError('TSA_REJECTED', `malformed token: ${(e as Error).message}`);
  }
}

function derOf(cert: Buffer | string): Buffer {
  return typeof cert === 'string' ? pemToDer(cert) : cert;
}

/** An OCSP request (SHA-1 CertID, as RFC 5019 clients send) for one certificate, with a nonce. */
export function buildOcspRequest(cert: Buffer | string, issuer: Buffer | string, opts: { nonce?: boolean } = {}): { der: Buffer; nonce?: Buffer } {
  const leaf = parseCertificate(derOf(cert));
  const h = certIdHashes(derOf(issuer), 'sha1');
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [
    new pkijs.Request({
      reqCert: new pkijs.CertID({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha1, algorithmParams: new asn1js.Null() }),
        issuerNameHash: new asn1js.OctetString({ valueHex: toArrayBuffer(h.nameHash) }),
        issuerKeyHash: new asn1js.OctetString({ valueHex: toArrayBuffer(h.keyHash) }),
        serialNumber: leaf.serialNumber,
      }),
    }),
  ];
  let nonce: Buffer | undefined;
  if (opts.nonce ?? true) {
    nonce = randomBytes(16);
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({
        extnID: OID.ocspNonce,
        extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(nonce) }).toBER(false),
      }),
    ];
  }
  return { der: Buffer.from(request.toSchema(true).toBER(false)), nonce };
}

/** POSTs an OCSP request and returns the OCSPResponse DER (any status: the caller judges it). */
export async function fetchOcsp(url: string, requestDer: Buffer, opts: HttpOptions = {}): Promise<Buffer> {
  const body = await httpBytes(
    url,
    { method: 'POST', headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' }, body: new Uint8Array(requestDer) },
    opts,
    'OCSP_UNAVAILABLE',
  );
  try {
    pkijs.OCSPResponse.fromBER(toArrayBuffer(body));
  } catch (e) {
    throw new CaError('OCSP_UNAVAILABLE', `${url}: not an OCSPResponse (${(e as Error).message})`);
  }
  return body;
}

/** Downloads a CRL; PEM is accepted and converted, the result is DER. */
export async function fetchCrl(url: string, opts: HttpOptions = {}): Promise<Buffer> {
  const raw = await httpBytes(url, { method: 'GET' }, opts, 'CRL_UNAVAILABLE');
  const text = raw.subarray(0, 64).toString('latin1');
  const der = text.includes('-----BEGIN X509 CRL-----') ? pemToDers(raw.toString('latin1'), 'X509 CRL')[0] : raw;
  try {
    pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new CaError('CRL_UNAVAILABLE', `${url}: not a CRL (${(e as Error).message})`);
  }
  return der;
}
