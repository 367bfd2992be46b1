import { PdfDict, PdfReader, PdfString } from '../pdf';
import { digest, digestName } from './algorithms';
import { ByteRange, hashRanges, parseByteRange, readGapContents } from './byte-range';
import { Cert, describeSigner } from './certificates';
import { ChainResult, validateChain } from './chain';
import { checkSigner, parseCms, ParsedCms } from './cms';
import { VerifyError } from './errors';
import { checkRevocation, RevocationData, RevocationFetcher } from './revocation';
import { SignatureError, SignatureReport } from './report';
import { checkTimestampToken, TimestampCheck } from './timestamp';
import { weakAlgorithms } from './weak-algorithms';

/** Everything one signature check needs besides its own dictionary. */
export interface SignatureContext {
  reader: PdfReader;
  anchors: Cert[];
  intermediates: Cert[];
  /** Certificates and revocation data from the newest DSS (empty when there is none). */
  dss: { certs: Cert[]; crls: Buffer[]; ocspResponses: Buffer[] };
  fetcher: RevocationFetcher | null;
  now: Date;
}

/** The part of a report that depends only on the signature itself (changes and level come later). */
export type SignatureCore = Omit<SignatureReport, 'changesAfter' | 'changeDetails' | 'level' | 'valid' | 'summary' | 'status' | 'reasons' | 'warnings'> & {
  byteRangeEnd: number | null;
  /** Revocation status computed from embedded data only (CMS + DSS), used for B-LT. */
  revocationEmbedded: SignatureReport['revocation'];
  hasSigningCertificateV2: boolean;
};

const err = (code: string, message: string): SignatureError => ({ code, message });

export async function verifySignature(field: string, sig: PdfDict, ctx: SignatureContext): Promise<SignatureCore> {
  const subFilter = sig.name('SubFilter') ?? null;
  const isDocTs = subFilter === 'ETSI.RFC3161' || sig.name('Type') === 'DocTimeStamp';
  const core: SignatureCore = {
    field,
    kind: isDocTs ? 'document_timestamp' : 'signature',
    subFilter,
    signer: null,
    signingTime: null,
    signingTimeSource: null,
    byteRange: null,
    revision: null,
    integrity: 'error',
    coversWholeFile: false,
    chain: 'error',
    revocation: 'not_checked',
    revocationEmbedded: 'not_checked',
    timestamp: null,
    errors: [],
    byteRangeEnd: null,
    hasSigningCertificateV2: false,
  };
  const src = ctx.reader.source;
  const brObj = await ctx.reader.resolve(sig.get('ByteRange'));
  if (Array.isArray(brObj)) core.byteRange = brObj.filter((x): x is number => typeof x === 'number');
  const br = parseByteRange(brObj, src.size);
  if (typeof br === 'string') {
    core.errors.push(err('BYTE_RANGE_INVALID', 'Vùng dữ liệu được ký (/ByteRange) không hợp lệ.'));
    return core;
  }
  core.byteRangeEnd = br.end;
  const contents = await readGapContents(src, br);
  if (typeof contents === 'string') {
    core.errors.push(err('CONTENTS_NOT_IN_GAP', 'Vùng loại trừ của chữ ký không chứa đúng dữ liệu chữ ký.'));
    return core;
  }
  // The dictionary's /Contents must be the very string in the gap, or a second CMS could hide elsewhere.
  const dictContents = await ctx.reader.resolve(sig.get('Contents'));
  if (!(dictContents instanceof PdfString) || !dictContents.bytes.equals(contents)) {
    core.integrity = 'broken';
    core.errors.push(err('CONTENTS_MISMATCH', '/Contents của chữ ký không nằm đúng vùng loại trừ của /ByteRange.'));
    return core;
  }
  try {
    if (isDocTs) return await verifyDocumentTimestamp(core, contents, br, ctx);
    return await verifyCmsSignature(core, contents, br, sig, ctx);
  } catch (e) {
    // Bogus CMS or an unsupported algorithm: this signature is unverifiable, the report goes on.
    if (!(e instanceof VerifyError)) throw e;
    core.integrity = 'error';
    core.errors.push(err(e.code, e.message));
    return core;
  }
}

async function verifyCmsSignature(core: SignatureCore, contents: Buffer, br: ByteRange, sig: PdfDict, ctx: SignatureContext): Promise<SignatureCore> {
  const src = ctx.reader.source;
  const subFilter = core.subFilter;
  const m = sig.get('M');
  if (subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached' && subFilter !== 'adbe.pkcs7.sha1') {
    core.errors.push(err('SUBFILTER_UNSUPPORTED', `Định dạng chữ ký ${subFilter ?? '(không rõ)'} chưa được hỗ trợ.`));
    return core;
  }
  const cms = parseCms(contents);
  core.hasSigningCertificateV2 = cms.hasSigningCertificateV2;
  if (cms.signerCert) core.signer = describeSigner(cms.signerCert);
  const rangeDigest = await hashRanges(src, br, digestName(subFilter === 'adbe.pkcs7.sha1' ? '1.3.14.3.2.26' : cms.digestOid));
  let content = rangeDigest;
  if (subFilter === 'adbe.pkcs7.sha1') {
    // The signed content is the SHA-1 of the ranges, encapsulated; the signer digests that.
    if (!cms.eContent || !cms.eContent.equals(rangeDigest)) {
      core.integrity = 'broken';
      core.errors.push(err('DIGEST_MISMATCH', 'Nội dung tệp đã bị thay đổi sau khi ký (mã băm không khớp).'));
    }
    content = digest(cms.digestOid, cms.eContent ?? Buffer.alloc(0));
  }
  const check = checkSigner(cms, content);
  if (!cms.signerCert) core.errors.push(err('SIGNER_CERT_MISSING', 'Chữ ký không kèm chứng thư số của người ký.'));
  else if (!check.digestOk) core.errors.push(err('DIGEST_MISMATCH', 'Nội dung tệp đã bị thay đổi sau khi ký (mã băm không khớp).'));
  else if (!check.signatureOk) core.errors.push(err('SIGNATURE_INVALID', 'Giá trị chữ ký không hợp lệ với chứng thư số của người ký.'));
  if (core.integrity !== 'broken') core.integrity = check.digestOk && check.signatureOk ? 'intact' : cms.signerCert ? 'broken' : 'error';

  let ts: TimestampCheck | null = null;
  if (cms.timestampToken) {
    const sigValue = cms.signatureValue;
    try {
      ts = await checkTimestampToken(cms.timestampToken, async (oid) => digest(oid, sigValue), [...ctx.intermediates, ...ctx.dss.certs], ctx.anchors);
      core.timestamp = ts.report;
      core.errors.push(...ts.errors);
    } catch (e) {
      core.errors.push(err('TIMESTAMP_MALFORMED', 'Dấu thời gian của chữ ký bị hỏng.'));
      if (!(e instanceof VerifyError)) throw e;
    }
  }
  const time = pickTime(core, ts, cms, m, ctx.now);
  if (!cms.signerCert) return core;
  const chain = await checkTrust(core, cms.signerCert, cms, time, ctx);
  const digestOid = subFilter === 'adbe.pkcs7.sha1' ? '1.3.14.3.2.26' : cms.digestOid;
  core.errors.push(...weakAlgorithms({ digestOid, signatureOid: cms.signatureAlgorithm.oid, signer: cms.signerCert, path: chain.path }));
  return core;
}

function pickTime(core: SignatureCore, ts: TimestampCheck | null, cms: ParsedCms | null, m: unknown, now: Date): Date {
  // domain.md §9: a TSA's time beats the self-declared one (some tools write local time as UTC).
  if (ts?.report.valid) {
    core.signingTime = ts.report.time;
    core.signingTimeSource = 'timestamp';
    return new Date(ts.report.time);
  }
  if (cms?.signingTime) {
    core.signingTime = cms.signingTime.toISOString();
    core.signingTimeSource = 'cms';
    return cms.signingTime;
  }
  const pdfTime = m instanceof PdfString ? parsePdfDate(m.text()) : null;
  if (pdfTime) {
    core.signingTime = pdfTime.toISOString();
    core.signingTimeSource = 'pdf';
    return pdfTime;
  }
  return now;
}

async function checkTrust(core: SignatureCore, leaf: Cert, cms: ParsedCms, time: Date, ctx: SignatureContext): Promise<ChainResult> {
  const pool = [...cms.certificates, ...ctx.intermediates, ...ctx.dss.certs];
  const chain = validateChain(leaf, pool, ctx.anchors, time, core.kind === 'document_timestamp' ? 'timestamping' : 'signing');
  core.chain = chain.status;
  core.errors.push(...chain.errors);
  if (chain.path.length === 0) return chain;
  const embedded: RevocationData = {
    crls: [...cms.crls, ...ctx.dss.crls],
    ocspResponses: [...cms.ocspResponses, ...ctx.dss.ocspResponses],
  };
  // Only a timestamp proves when the signature existed: a self-declared time could be backdated
  // to before a revocation, so without one revocation is judged as of now.
  const revTime = core.signingTimeSource === 'timestamp' ? time : ctx.now;
  const offline = await checkRevocation(chain.path, revTime, embedded, null);
  core.revocationEmbedded = offline.status;
  const rev = offline.status === 'not_checked' && ctx.fetcher ? await checkRevocation(chain.path, revTime, embedded, ctx.fetcher) : offline;
  core.revocation = rev.status;
  core.errors.push(...rev.errors);
  return chain;
}

async function verifyDocumentTimestamp(core: SignatureCore, token: Buffer, br: ByteRange, ctx: SignatureContext): Promise<SignatureCore> {
  const ts = await checkTimestampToken(token, (oid) => hashRanges(ctx.reader.source, br, digestName(oid)), [...ctx.intermediates, ...ctx.dss.certs], ctx.anchors);
  core.timestamp = ts.report;
  core.integrity = ts.report.valid ? 'intact' : 'broken';
  core.signingTime = ts.report.time;
  core.signingTimeSource = 'timestamp';
  if (ts.cms.signerCert) core.signer = describeSigner(ts.cms.signerCert);
  core.errors.push(...ts.errors.filter((e) => !e.code.startsWith('TSA_')));
  if (!ts.report.valid) core.errors.push(err('DIGEST_MISMATCH', 'Nội dung tệp đã bị thay đổi sau khi đóng dấu thời gian.'));
  if (ts.cms.signerCert) {
    const chain = await checkTrust(core, ts.cms.signerCert, ts.cms, new Date(ts.report.time), ctx);
    core.errors.push(...weakAlgorithms({ digestOid: ts.cms.digestOid, signatureOid: ts.cms.signatureAlgorithm.oid, signer: ts.cms.signerCert, path: chain.path }));
  }
  return core;
}

/** PDF date: D:YYYYMMDDHHmmSSOHH'mm' (ISO 32000-1 §7.9.4), fields after the year optional. */
export function parsePdfDate(s: string): Date | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s.trim());
  if (!m) return null;
  const n = (x: string | undefined, d: number): number => (x ? parseInt(x, 10) : d);
  let t = Date.UTC(n(m[1], 0), n(m[2], 1) - 1, n(m[3], 1), n(m[4], 0), n(m[5], 0), n(m[6], 0));
  if (m[7] === '+' || m[7] === '-') t -= (m[7] === '+' ? 1 : -1) * (n(m[8], 0) * 60 + n(m[9], 0)) * 60_000;
  return Number.isNaN(t) ? null : new Date(t);
}
