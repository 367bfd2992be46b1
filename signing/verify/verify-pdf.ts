import { openFileSource, PdfError, PdfReader, PdfSource } from '../pdf';
import { analyseChangesAfter, ChangeAnalysis, CoveringSignature } from './changes';
import { changePolicyFor, SignedFieldInfo } from './mdp';
import { judgeFile, judgeSignature } from './status';
import { Cert, certsFromPem } from './certificates';
import { firstDssRevision, readDss } from './dss';
import { VerifyError } from './errors';
import { PadesLevel, SignatureReport, VerificationReport } from './report';
import { httpFetcher, RevocationFetcher } from './revocation';
import { overallSummary, signatureSummary } from './summary';
import { findSignatureFields } from './signature-fields';
import { SignatureContext, SignatureCore, verifySignature } from './verify-signature';

const MAX_SIGNATURES = 200;

export interface VerifyOptions {
  /** PEM trust anchors (roots). Nothing is trusted by default: anchors are configuration (domain.md §9). */
  trustAnchors: string[];
  /** PEM intermediates to complete paths when the PDF embeds only the signer's certificate. */
  intermediates?: string[];
  /** false / absent: offline (revocation 'not_checked' unless embedded); true: HTTP; or a custom fetcher. */
  fetchRevocation?: boolean | RevocationFetcher;
  /** Validation time when a signature carries no usable time; default: now. */
  now?: Date;
}

/**
 * Verifies every signature of a PDF. Only coded VerifyErrors escape (for files that cannot be
 * read as PDF at all); problems with one signature land in that signature's report.
 */
export async function verifyPdf(input: PdfSource | string, opts: VerifyOptions): Promise<VerificationReport> {
  const anchors = opts.trustAnchors.flatMap(certsFromPem);
  const intermediates = (opts.intermediates ?? []).flatMap(certsFromPem);
  const source = typeof input === 'string' ? await openFileSource(input).catch(rethrow) : input;
  try {
    const reader = await PdfReader.open(source).catch(rethrow);
    return await verifyWithReader(reader, anchors, intermediates, opts).catch(rethrow);
  } finally {
    if (typeof input === 'string') await source.close().catch(() => undefined);
  }
}

function rethrow(e: unknown): never {
  if (e instanceof VerifyError) throw e;
  if (e instanceof PdfError) {
    throw new VerifyError(e.code === 'PDF_IO' ? 'VERIFY_INPUT' : 'VERIFY_PDF_MALFORMED', e.message, `${e.code}: ${e.detail}`);
  }
  // Anything else (a RangeError deep in a parser on hostile input) is still a malformed file to the caller.
  throw new VerifyError('VERIFY_PDF_MALFORMED', 'Tệp PDF bị hỏng hoặc không đúng cấu trúc.', (e as Error)?.stack ?? String(e));
}

async function verifyWithReader(reader: PdfReader, anchors: Cert[], intermediates: Cert[], opts: VerifyOptions): Promise<VerificationReport> {
  const last = reader.revisions.length - 1;
  const dss = (await readDss(reader, last)) ?? { certs: [], crls: [], ocspResponses: [] };
  const fetcher = typeof opts.fetchRevocation === 'function' ? opts.fetchRevocation : opts.fetchRevocation ? httpFetcher() : null;
  const ctx: SignatureContext = { reader, anchors, intermediates, dss, fetcher, now: opts.now ?? new Date() };
  const cores: SignatureCore[] = [];
  const fields = await findSignatureFields(reader);
  if (fields.length > MAX_SIGNATURES) {
    // Each signature may hash the whole file: bound the work a hostile file can demand.
    throw new VerifyError('VERIFY_UNSUPPORTED', 'Tệp có quá nhiều chữ ký để kiểm tra.', `${fields.length} signature fields`);
  }
  for (const f of fields) {
    cores.push(await verifyOne(f.name, f.sigDict, ctx));
  }
  for (const c of cores) c.revision = revisionOf(reader, c.byteRangeEnd);
  await fillCoverage(reader, cores);
  // What later revisions may add is judged against the other signatures: each must cover what it adds.
  const covering = new Map<number, CoveringSignature>();
  const signed: SignedFieldInfo[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const c = cores[i];
    if (f.sigRef) covering.set(f.sigRef.num, { revision: c.revision, intact: c.integrity === 'intact', documentTimestamp: c.kind === 'document_timestamp' });
    const fieldDict = c.revision === null ? undefined : await reader.resolveDict(f.fieldRef, { revision: c.revision });
    signed.push({ sigDict: f.sigDict, fieldDict, revision: c.revision });
  }
  const changeCache = new Map<number, ChangeAnalysis>();
  const dssRev = await firstDssRevision(reader);
  const junk = await trailingJunk(reader);
  const signatures: SignatureReport[] = [];
  for (const c of cores) {
    let changesAfter: SignatureReport['changesAfter'] = 'disallowed';
    let changeDetails: string[] = [];
    if (c.revision !== null) {
      let ch = changeCache.get(c.revision);
      if (!ch) {
        ch = await analyseChangesAfter(reader, c.revision, covering, await changePolicyFor(reader, c.revision, signed));
        changeCache.set(c.revision, ch);
      }
      changesAfter = junk ? 'disallowed' : ch.changes;
      changeDetails = junk ? [...ch.details, 'disallowed: unparsed bytes after the last revision'] : ch.details;
      const codes = junk && !ch.codes.length ? ['DISALLOWED_CHANGE' as const] : ch.codes;
      for (const code of codes) c.errors.push({ code, message: CHANGE_MESSAGES[code] });
    } else if (c.byteRangeEnd !== null) {
      c.errors.push({ code: 'BYTE_RANGE_NOT_AT_REVISION', message: 'Vùng được ký không kết thúc tại cuối một phiên bản của tệp.' });
    }
    const level = padesLevel(c, cores, dssRev);
    const { byteRangeEnd, revocationEmbedded, hasSigningCertificateV2, ...rest } = c;
    void byteRangeEnd; void revocationEmbedded; void hasSigningCertificateV2;
    const judged = judgeSignature({ ...c, changesAfter });
    const report = { ...rest, ...judged, changesAfter, changeDetails, level, valid: judged.status === 'valid' };
    signatures.push({ ...report, summary: signatureSummary(report) });
  }
  const file = judgeFile(signatures);
  const valid = file.status === 'valid';
  return { ...file, valid, fileSize: reader.source.size, revisions: reader.revisions.length, signatures, summary: overallSummary(signatures, file.status) };
}

const CHANGE_MESSAGES: Record<ChangeAnalysis['codes'][number], string> = {
  DISALLOWED_CHANGE: 'Sau khi ký, tệp có thay đổi không được phép (nội dung hiển thị có thể đã bị sửa).',
  DOCMDP_VIOLATION: 'Văn bản đã được chứng thực không cho phép thay đổi này sau khi ký (DocMDP).',
  FIELDMDP_VIOLATION: 'Sau khi ký, một trường đã bị khoá bởi chữ ký lại bị sửa (FieldMDP).',
  CHANGES_NOT_ANALYSED: 'Không phân tích được các thay đổi sau khi ký (tệp quá phức tạp): không thể xác nhận nội dung còn nguyên vẹn.',
};

async function verifyOne(field: string, sig: Parameters<typeof verifySignature>[1], ctx: SignatureContext): Promise<SignatureCore> {
  try {
    return await verifySignature(field, sig, ctx);
  } catch (e) {
    const coded = e instanceof VerifyError || e instanceof PdfError;
    return {
      field, kind: 'signature', subFilter: sig.name('SubFilter') ?? null, signer: null, signingTime: null, signingTimeSource: null,
      byteRange: null, revision: null, integrity: 'error', coversWholeFile: false, chain: 'error', revocation: 'not_checked',
      revocationEmbedded: 'not_checked', timestamp: null, byteRangeEnd: null, hasSigningCertificateV2: false,
      errors: [{ code: coded ? (e as VerifyError).code : 'VERIFY_INTERNAL', message: coded ? (e as Error).message : 'Không kiểm tra được chữ ký.' }],
    };
  }
}

/** The revision a signature closes: its signed bytes end at that revision's %%EOF (± the EOL). */
function revisionOf(reader: PdfReader, end: number | null): number | null {
  if (end === null) return null;
  const i = reader.revisions.findIndex((r) => r.endOffset >= end && r.endOffset - end <= 2);
  return i >= 0 ? i : null;
}

/**
 * Bytes after the last revision that are not whitespace: no revision of ours, yet another
 * reader may repair them into one (e.g. a cut-off update). Fail closed.
 */
async function trailingJunk(reader: PdfReader): Promise<boolean> {
  const end = reader.revisions[reader.revisions.length - 1].endOffset;
  const rest = reader.source.size - end;
  if (rest <= 0) return false;
  if (rest > 4096) return true;
  return !/^[\r\n\t \f\0]*$/.test((await reader.source.read(end, rest)).toString('latin1'));
}

async function fillCoverage(reader: PdfReader, cores: SignatureCore[]): Promise<void> {
  const size = reader.source.size;
  for (const c of cores) {
    if (c.byteRangeEnd === null) continue;
    const tail = c.byteRangeEnd >= size ? Buffer.alloc(0) : await reader.source.read(c.byteRangeEnd, Math.min(64, size - c.byteRangeEnd));
    c.coversWholeFile = size - c.byteRangeEnd <= 64 && /^[\r\n\s\0]*$/.test(tail.toString('latin1'));
  }
}

/** PAdES baseline level (ETSI EN 319 142-1 §6.3) reached by one CAdES signature. */
function padesLevel(c: SignatureCore, all: SignatureCore[], dssRev: number): PadesLevel {
  if (c.kind !== 'signature' || c.subFilter !== 'ETSI.CAdES.detached' || c.integrity !== 'intact' || !c.hasSigningCertificateV2) return null;
  if (c.revision === null) return null;
  const rev = c.revision;
  const docTsAfter = (r: number): boolean =>
    all.some((d) => d.kind === 'document_timestamp' && d.integrity === 'intact' && d.revision !== null && d.revision > r);
  if (!(c.timestamp?.valid || docTsAfter(rev))) return 'B-B';
  // B-LT: a DSS holds validation data enough to decide revocation without going online.
  if (dssRev < 0 || c.revocationEmbedded !== 'good') return 'B-T';
  // B-LTA: a document timestamp protects that validation data.
  return docTsAfter(Math.max(dssRev, rev)) ? 'B-LTA' : 'B-LT';
}
