import { createHash, randomBytes } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SignError } from './errors';
import { OID } from './cms';

export type Timestamper = (messageImprintOf: Buffer) => Promise<Buffer>;

function ab(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
}

/**
 * RFC 3161 client: returns the TimeStampToken (ContentInfo DER) over SHA-256(`data`).
 * PAdES B-T stamps the signature value. Any failure throws: never a fake or placeholder token.
 */
export function httpTimestamper(url: string, timeoutMs = 15_000): Timestamper {
  return async (data: Buffer): Promise<Buffer> => {
    const digest = createHash('sha256').update(data).digest();
    const nonce = randomBytes(8);
    nonce[0] = (nonce[0] & 0x7f) | 0x01; // positive, minimal DER: compares byte for byte
    const req = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
      }),
      nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
      certReq: true,
    });
    let body: Buffer;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: Buffer.from(req.toSchema().toBER(false)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      throw new SignError('TSA_UNAVAILABLE', 'Không kết nối được máy chủ cấp dấu thời gian.', `${url}: ${(e as Error).message}`);
    }
    let resp: pkijs.TimeStampResp;
    try {
      resp = pkijs.TimeStampResp.fromBER(ab(body));
    } catch (e) {
      throw new SignError('TSA_REJECTED', 'Máy chủ dấu thời gian trả về dữ liệu không hợp lệ.', (e as Error).message);
    }
    const status = resp.status.status;
    if ((status !== 0 && status !== 1) || !resp.timeStampToken) {
      throw new SignError('TSA_REJECTED', 'Máy chủ dấu thời gian từ chối yêu cầu.', `status ${status}`);
    }
    // Check the token answers this request (imprint and nonce) before trusting it.
    const sd = new pkijs.SignedData({ schema: resp.timeStampToken.content });
    const eContent = sd.encapContentInfo.eContent;
    if (!eContent) throw new SignError('TSA_REJECTED', 'Dấu thời gian không có nội dung.', 'no eContent');
    const info = pkijs.TSTInfo.fromBER(eContent.getValue());
    const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
    const gotNonce = info.nonce ? Buffer.from(info.nonce.valueBlock.valueHexView) : undefined;
    if (!imprint.equals(digest) || !gotNonce || !gotNonce.equals(nonce)) {
      throw new SignError('TSA_REJECTED', 'Dấu thời gian không khớp với yêu cầu.', 'imprint/nonce mismatch');
    }
    return Buffer.from(resp.timeStampToken.toSchema().toBER(false));
  };
}
