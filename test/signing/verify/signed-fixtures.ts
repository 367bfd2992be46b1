import { spawnSync } from 'child_process';
import { createHash, sign as nodeSign } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildIncrementalUpdate, ObjectAllocator, openFileSource, PdfDict, PdfReader, PdfStream } from '../../../signing/pdf';
import { completePdfSignature, pdfDate, preparePdfSignature, signPdf } from '../../../signing/sign';
import { assembleSignedData, buildSignedAttributes, certificatesFromPem } from '../../../signing/sign/cms';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { Party, verifyPki } from './pki';

export interface SignOpts {
  signer?: Party;
  /** Embed the intermediate in the CMS (default: only the signer's certificate, domain.md §9). */
  embedChain?: boolean;
  timestamp?: boolean;
  signingTime?: Date;
  formFields?: boolean;
  fieldFills?: Record<string, string>;
  /** Sign as a tool that checks nothing would (our signer refuses bad certificates and times). */
  unchecked?: boolean;
}

/** Signs `input` (a file) with our signer; returns the output path. */
export async function signFile(input: string, opts: SignOpts = {}): Promise<string> {
  const pki = verifyPki();
  const signer = opts.signer ?? pki.leader;
  const out = join(tempDir('vanban-vsig-'), 'signed.pdf');
  if (opts.signingTime || opts.unchecked) return signUnchecked(input, out, opts, signer);
  await signPdf({
    input,
    output: out,
    signer: { keyPem: signer.keyPem, certPem: signer.certPem, chainPem: opts.embedChain ? [pki.intermediatePem] : [] },
    kind: 'attachment',
    attachmentText: { numberSymbol: '12/UBND-VP' },
    fieldFills: opts.fieldFills,
    signingTime: opts.signingTime,
    timestamper: opts.timestamp ? async (data) => pki.timestamp(data) : undefined,
  });
  return out;
}

/**
 * A signature our signer would refuse (a self-declared time (/M) when the certificate was not
 * valid, a certificate not meant for signing): made the way a careless tool would, by preparing
 * with a good certificate at a valid time, rewriting /M and signing the result ourselves.
 */
async function signUnchecked(input: string, out: string, opts: SignOpts, signer: Party): Promise<string> {
  const pki = verifyPki();
  const now = new Date();
  const chainPem = opts.embedChain ? [pki.intermediatePem] : [];
  const prepared = await preparePdfSignature({
    input, preparedOutput: out, signer: { certPem: pki.leader.certPem, chainPem }, kind: 'attachment', attachmentText: { numberSymbol: '12/UBND-VP' },
    fieldFills: opts.fieldFills, signingTime: now, reserveBytes: 20_000,
  });
  const pdf = readFileSync(out);
  const at = pdf.lastIndexOf(`(${pdfDate(now)})`, undefined, 'latin1');
  pdf.write(`(${pdfDate(opts.signingTime ?? now)})`, at, 'latin1');
  const { contentsOffset: a, contentsLength: len } = prepared.state;
  const digest = createHash('sha256').update(pdf.subarray(0, a)).update(pdf.subarray(a + len)).digest();
  const [certDer] = certificatesFromPem(signer.certPem);
  const attrs = buildSignedAttributes(digest, certDer);
  const signatureValue = nodeSign('sha256', attrs.der, signer.keyPem);
  const timestampToken = opts.timestamp ? pki.timestamp(signatureValue) : undefined;
  const cms = assembleSignedData({ signerCertDer: certDer, certificatesDer: chainPem.flatMap((p) => certificatesFromPem(p)), signedAttributes: attrs, signatureValue, timestampToken });
  writeFileSync(out, pdf);
  await completePdfSignature(prepared.state, { cms, input: out });
  return out;
}

export async function draftFile(formFields = false): Promise<string> {
  return writeTemp(await classicPdf({ formFields }), 'draft.pdf', tempDir('vanban-vsig-'));
}

export async function signedOnce(opts: SignOpts = {}): Promise<string> {
  return signFile(await draftFile(opts.formFields), opts);
}

/** pdfsig (poppler/NSS) signing: a foreign signer (adbe.pkcs7.detached; poppler 22.12 cannot add ETSI). */
export function pdfsigSign(input: string): string {
  const pki = verifyPki();
  const out = join(tempDir('vanban-vsig-'), 'pdfsig-signed.pdf');
  const args = ['-nssdir', `sql:${pki.nssDir}`, '-nick', 'leader', '-add-signature', input, out];
  const r = spawnSync('pdfsig', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdfsig -add-signature failed: ${r.stdout}${r.stderr}`);
  return out;
}

export interface PdfsigVerdict {
  signatures: number;
  valid: number;
  trusted: number;
  digestMismatch: boolean;
  /** Signatures pdfsig says cover the total document. */
  wholeDocument: number;
  raw: string;
}

/**
 * Runs pdfsig verification against the test NSS db. Not with -no-ocsp: poppler 22.12 then
 * reports "Unknown issue with Certificate" for any path with an intermediate; our test
 * certificates carry no OCSP URL, so nothing is fetched anyway.
 */
export function pdfsigVerify(file: string): PdfsigVerdict {
  const pki = verifyPki();
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file], { encoding: 'utf8' });
  const raw = `${r.stdout}${r.stderr}`;
  return {
    signatures: (raw.match(/^Signature #\d+:/gm) ?? []).length,
    valid: (raw.match(/Signature Validation: Signature is Valid\./g) ?? []).length,
    trusted: (raw.match(/Certificate Validation: Certificate is Trusted\./g) ?? []).length,
    digestMismatch: /Digest Mismatch/.test(raw),
    wholeDocument: (raw.match(/Total document signed/g) ?? []).length,
    raw,
  };
}

export function readBytes(path: string): Buffer {
  return readFileSync(path);
}

/** Appends an incremental update that points page 1 at a new content stream (the classic "shadow" edit). */
export async function swapFirstPageContent(file: string): Promise<string> {
  const src = await openFileSource(file);
  try {
    const reader = await PdfReader.open(src);
    const [pageRef] = await reader.pages();
    const page = (await reader.resolveDict(pageRef))!.clone();
    const alloc = new ObjectAllocator(reader);
    const contentRef = alloc.alloc();
    const text = Buffer.from('BT /F1 24 Tf 60 700 Td (NOI DUNG DA BI TRAO DOI) Tj ET', 'latin1');
    page.set('Contents', contentRef);
    const last = (await src.read(src.size - 1, 1))[0];
    const upd = buildIncrementalUpdate(reader, [
      { ref: contentRef, value: PdfStream.ofData(new PdfDict([['Length', text.length]]), text) },
      { ref: pageRef, value: page },
    ], alloc, last);
    const out = join(tempDir('vanban-vsig-'), 'swapped.pdf');
    writeFileSync(out, Buffer.concat([readFileSync(file), upd.bytes]));
    return out;
  } finally {
    await src.close();
  }
}

/** Replaces the first signature's /Contents hex with `cms` (zero-padded to the same size). */
export function replaceContents(pdf: Buffer, cms: Buffer, which = 0): Buffer {
  const text = pdf.toString('latin1');
  const re = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]/g;
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= which; i++) m = re.exec(text);
  if (!m) throw new Error('no ByteRange');
  const start = parseInt(m[1], 10) + 1;
  const end = parseInt(m[2], 10) - 1;
  const hex = cms.toString('hex');
  if (hex.length > end - start) throw new Error('CMS too big for the placeholder');
  const out = Buffer.from(pdf);
  out.write(hex.padEnd(end - start, '0'), start, 'latin1');
  return out;
}

/** The DER CMS of signature `which` (the zero padding cut at the DER length). */
export function contentsOf(pdf: Buffer, which = 0): Buffer {
  const text = pdf.toString('latin1');
  const re = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]/g;
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= which; i++) m = re.exec(text);
  if (!m) throw new Error('no ByteRange');
  const raw = Buffer.from(text.slice(parseInt(m[1], 10) + 1, parseInt(m[2], 10) - 1), 'hex');
  return raw.subarray(0, derLength(raw, 0));
}

/**
 * Re-encodes the three outer layers (ContentInfo, [0], SignedData) with indefinite lengths,
 * as some foreign signers do; the signed attributes stay DER so the signature stays valid.
 */
export function toIndefiniteBer(der: Buffer): Buffer {
  const parts: Buffer[] = [];
  let p = 0;
  const header = (): void => {
    const tag = der[p];
    const l = der[p + 1];
    const lenBytes = l & 0x80 ? 1 + (l & 0x7f) : 1;
    parts.push(Buffer.from([tag, 0x80]));
    p += 1 + lenBytes;
  };
  header(); // ContentInfo SEQUENCE
  const oidLen = 2 + der[p + 1];
  parts.push(der.subarray(p, p + oidLen));
  p += oidLen;
  header(); // [0] EXPLICIT
  header(); // SignedData SEQUENCE
  parts.push(der.subarray(p, derLength(der, 0)), Buffer.alloc(6));
  return Buffer.concat(parts);
}

function derLength(b: Buffer, at: number): number {
  const l = b[at + 1];
  if (!(l & 0x80)) return at + 2 + l;
  const n = l & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i];
  return at + 2 + n + len;
}
