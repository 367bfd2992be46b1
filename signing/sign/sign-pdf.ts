import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import { Writable } from 'stream';
import { openFileSource, PdfReader, PdfSource } from '../pdf';
import { AppearanceOptions, buildSignatureUpdate, UpdateLayout } from './update-builder';
import { assembleSignedData, buildSignedAttributes, certificatesFromPem, maxSignatureLength, parseCertificate } from './cms';
import { normalizeSignatureValue, SignerMaterial, signWithMaterial } from './signer-key';
import { httpTimestamper, Timestamper } from './tsa';
import { bufferSink, ByteSink, copyAndHash, copyFileAndHash, fileSink, streamSink } from './output';
import { localPrefixDigest, PrefixDigest } from './prefix-hash';
import { SignError } from './errors';

export type PadesLevel = 'B-B' | 'B-T';

export interface SignPdfOptions extends AppearanceOptions {
  input: PdfSource | string;
  output: string | Writable;
  signer: SignerMaterial;
  /** Claimed signing time, written to /M (the CMS carries no signing-time attribute). */
  signingTime?: Date;
  /** RFC 3161 TSA for PAdES B-T; failure to get a timestamp fails the signing. */
  tsaUrl?: string;
  timestamper?: Timestamper;
}

export interface SignResult {
  bytesWritten: number;
  fieldName: string;
  level: PadesLevel;
}

/** Headroom for the RFC 3161 token until its real size is known (re-laid out if exceeded). */
const TIMESTAMP_ALLOWANCE = 6144;

interface Material {
  certDer: Buffer;
  chainDer: Buffer[];
}

function material(signer: Pick<SignerMaterial, 'certPem' | 'chainPem'>): Material {
  const [certDer, ...rest] = certificatesFromPem(signer.certPem);
  const chainDer = [...rest, ...(signer.chainPem ?? []).flatMap((p) => certificatesFromPem(p))];
  return { certDer, chainDer };
}

/** Exact size of our CMS without a timestamp, from the real certificates and the longest signature. */
function baseCmsSize(m: Material): number {
  const attrs = buildSignedAttributes(Buffer.alloc(32), m.certDer);
  return assembleSignedData({
    signerCertDer: m.certDer,
    certificatesDer: m.chainDer,
    signedAttributes: attrs,
    signatureValue: Buffer.alloc(maxSignatureLength(m.certDer), 0xff),
  }).length;
}

function displayName(certDer: Buffer): string {
  const cert = parseCertificate(certDer);
  const cn = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.3');
  const o = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.10');
  return String(cn?.value.valueBlock.value ?? o?.value.valueBlock.value ?? '');
}

interface Laid {
  layout: UpdateLayout;
  /** Offset of the update in the output file (= source size). */
  base: number;
  digest: Buffer;
  reserve: number;
}

/** Completes hashing: the source prefix plus the update around /Contents. */
function layoutDigest(prefix: PrefixDigest, base: number, layout: UpdateLayout): Promise<Buffer> {
  const total = base + layout.bytes.length;
  const a = base + layout.contentsAt;
  const b = a + layout.contentsLength;
  const br = `[0 ${a} ${b} ${total - b}]`.padEnd(layout.byteRangeLength, ' ');
  layout.bytes.write(br, layout.byteRangeAt, 'latin1');
  return prefix.digestWith([layout.bytes.subarray(0, layout.contentsAt), layout.bytes.subarray(layout.contentsAt + layout.contentsLength)]);
}

function writeContents(layout: UpdateLayout, cms: Buffer): void {
  const room = (layout.contentsLength - 2) / 2;
  if (cms.length > room) {
    throw new SignError('SIGN_PLACEHOLDER_TOO_SMALL', 'Chỗ dành cho chữ ký trong tệp không đủ; hãy ký lại với dung lượng dự trữ lớn hơn.', `need ${cms.length}, have ${room}`);
  }
  layout.bytes.write(cms.toString('hex').padEnd(room * 2, '0'), layout.contentsAt + 1, 'latin1');
}

async function openInput(input: PdfSource | string): Promise<{ src: PdfSource; own: boolean }> {
  return typeof input === 'string' ? { src: await openFileSource(input), own: true } : { src: input, own: false };
}

/**
 * Starts copying the source to the output and hashing it. File to file, the kernel copies while
 * this thread hashes (a hashing worker thread was measured slower on the shared 2-core box);
 * otherwise the bytes stream through here.
 */
function beginPrefix(input: PdfSource | string, src: PdfSource, output: string | Writable | undefined, mem?: ByteSink): { sink: Promise<ByteSink>; digest: PrefixDigest } {
  if (!mem && typeof input === 'string' && typeof output === 'string') {
    const hash = createHash('sha256');
    const sink = copyFileAndHash(input, src, hash, output);
    sink.catch(() => undefined); // awaited later; avoid an unhandled rejection meanwhile
    return { sink, digest: localPrefixDigest(hash, sink.then(() => undefined)) };
  }
  const hash = createHash('sha256');
  const sink = (async () => {
    const s = mem ?? (await sinkFor(output!));
    try {
      await copyAndHash(src, hash, s);
    } catch (e) {
      await s.abort();
      throw e;
    }
    return s;
  })();
  sink.catch(() => undefined);
  return { sink, digest: localPrefixDigest(hash, sink.then(() => undefined)) };
}

/** Cleans up after a failure: removes the partial output, stops the hashing worker. */
async function abortPrefix(p: { sink: Promise<ByteSink>; digest: PrefixDigest } | undefined): Promise<void> {
  if (!p) return;
  p.digest.close();
  await p.sink.then((s) => s.abort(), () => undefined);
}

function sinkFor(output: string | Writable): Promise<ByteSink> | ByteSink {
  return typeof output === 'string' ? fileSink(output) : streamSink(output);
}

/**
 * One-go PAdES signing by incremental update: the source bytes are copied untouched (hashed on
 * the way) and the signature objects appended.
 */
export async function signPdf(opts: SignPdfOptions): Promise<SignResult> {
  const { src, own } = await openInput(opts.input);
  const m = material(opts.signer);
  const timestamper = opts.timestamper ?? (opts.tsaUrl ? httpTimestamper(opts.tsaUrl) : undefined);
  let prefix: ReturnType<typeof beginPrefix> | undefined;
  try {
    // Copy and hash start first: they overlap the parsing and layout below.
    prefix = beginPrefix(opts.input, src, opts.output);
    const reader = await PdfReader.open(src);
    const signingTime = opts.signingTime ?? new Date();
    const base = baseCmsSize(m);
    let reserve = base + (timestamper ? TIMESTAMP_ALLOWANCE : 0);
    for (let attempt = 0; ; attempt++) {
      const layout = await buildSignatureUpdate({ reader, appearance: opts, signingTime, signerDisplayName: displayName(m.certDer), reserveBytes: reserve });
      const digest = await layoutDigest(prefix.digest, src.size, layout);
      const attrs = buildSignedAttributes(digest, m.certDer);
      const signatureValue = await signWithMaterial(opts.signer, attrs.der);
      const timestampToken = timestamper ? await timestamper(signatureValue) : undefined;
      const cms = assembleSignedData({ signerCertDer: m.certDer, certificatesDer: m.chainDer, signedAttributes: attrs, signatureValue, timestampToken });
      if (cms.length > reserve && attempt === 0) {
        reserve = cms.length + 64; // the token turned out bigger than allowed for: lay out again, exactly
        continue;
      }
      writeContents(layout, cms);
      const sink = await prefix.sink;
      await sink.write(layout.bytes);
      await sink.finish();
      prefix.digest.close();
      return { bytesWritten: src.size + layout.bytes.length, fieldName: layout.fieldName, level: timestampToken ? 'B-T' : 'B-B' };
    }
  } catch (e) {
    await abortPrefix(prefix);
    throw e;
  } finally {
    if (own) await src.close();
  }
}

// ---- Two-phase (external) signing -------------------------------------------------------------

export interface PrepareOptions extends AppearanceOptions {
  input: PdfSource | string;
  /** Where to write the prepared PDF; without it `preparedPdf` is returned as a Buffer. */
  preparedOutput?: string;
  /** Alias of `preparedOutput`. */
  output?: string;
  signer: Pick<SignerMaterial, 'certPem' | 'chainPem'>;
  signingTime?: Date;
  tsaUrl?: string;
  /** Bytes reserved for the CMS; needed when a remote service returns a whole CMS larger than ours. */
  reserveBytes?: number;
}

/** Everything needed to finish later; plain data so it can be stored between requests. */
export interface PreparedSignatureState {
  preparedPath?: string;
  contentsOffset: number;
  contentsLength: number;
  documentDigest: string; // hex
  certPem: string;
  chainPem: string[];
  tsaUrl?: string;
  fieldName: string;
  totalSize: number;
}

export interface PreparedSignature {
  preparedPdf: string | Buffer;
  /** DER of the signed attributes: what a token/CSC service signs (SHA-256 + key). */
  toBeSigned: Buffer;
  /** SHA-256 of the byte ranges: what a remote service building its own CMS signs. */
  documentDigest: Buffer;
  state: PreparedSignatureState;
}

export async function preparePdfSignature(opts: PrepareOptions): Promise<PreparedSignature> {
  const preparedOutput = opts.preparedOutput ?? opts.output;
  const { src, own } = await openInput(opts.input);
  const m = material(opts.signer);
  const mem = preparedOutput ? undefined : bufferSink();
  let prefix: ReturnType<typeof beginPrefix> | undefined;
  try {
    prefix = beginPrefix(opts.input, src, preparedOutput, mem);
    const reader = await PdfReader.open(src);
    const reserve = opts.reserveBytes ?? baseCmsSize(m) + (opts.tsaUrl ? TIMESTAMP_ALLOWANCE : 0);
    const layout = await buildSignatureUpdate({ reader, appearance: opts, signingTime: opts.signingTime ?? new Date(), signerDisplayName: displayName(m.certDer), reserveBytes: reserve });
    const digest = await layoutDigest(prefix.digest, src.size, layout);
    const sink = await prefix.sink;
    await sink.write(layout.bytes);
    await sink.finish();
    prefix.digest.close();
    const state: PreparedSignatureState = {
      preparedPath: preparedOutput,
      contentsOffset: src.size + layout.contentsAt,
      contentsLength: layout.contentsLength,
      documentDigest: digest.toString('hex'),
      certPem: opts.signer.certPem,
      chainPem: opts.signer.chainPem ?? [],
      tsaUrl: opts.tsaUrl,
      fieldName: layout.fieldName,
      totalSize: src.size + layout.bytes.length,
    };
    return { preparedPdf: mem ? mem.result() : preparedOutput!, toBeSigned: buildSignedAttributes(digest, m.certDer).der, documentDigest: digest, state };
  } catch (e) {
    await abortPrefix(prefix);
    throw e;
  } finally {
    if (own) await src.close();
  }
}

export type ExternalSignature = { signatureValue: Buffer } | { cms: Buffer };

export interface CompleteOptions {
  /** The prepared PDF as a file: it is copied to `output` (or patched in place without `output`). */
  input?: string;
  output?: string;
  /** The prepared PDF in memory (when prepare returned a Buffer). */
  preparedPdf?: Buffer;
  timestamper?: Timestamper;
}

export interface CompleteResult extends SignResult {
  /** The signed PDF: the prepared path (patched in place) or a Buffer. */
  pdf: string | Buffer;
}

/**
 * Puts the external signature into the prepared PDF. With `signatureValue` (raw signature over
 * `toBeSigned`) we build the CMS (and fetch the timestamp); with `cms` it is embedded as given.
 */
export async function completePdfSignature(
  state: PreparedSignatureState,
  external: ExternalSignature & CompleteOptions,
  moreOpts: CompleteOptions = {},
): Promise<CompleteResult> {
  const opts: CompleteOptions = { ...external, ...moreOpts };
  let cms: Buffer;
  let level: PadesLevel = 'B-B';
  if ('cms' in external) {
    cms = external.cms;
    if (cms.length < 16 || cms[0] !== 0x30) throw new SignError('SIGN_BAD_SIGNATURE_VALUE', 'Dữ liệu chữ ký CMS không hợp lệ.', 'not a DER SEQUENCE');
  } else {
    const m = material(state);
    const attrs = buildSignedAttributes(Buffer.from(state.documentDigest, 'hex'), m.certDer);
    const signatureValue = normalizeSignatureValue(external.signatureValue, m.certDer);
    const ts = opts.timestamper ?? (state.tsaUrl ? httpTimestamper(state.tsaUrl) : undefined);
    const timestampToken = ts ? await ts(signatureValue) : undefined;
    if (timestampToken) level = 'B-T';
    cms = assembleSignedData({ signerCertDer: m.certDer, certificatesDer: m.chainDer, signedAttributes: attrs, signatureValue, timestampToken });
  }
  const room = (state.contentsLength - 2) / 2;
  if (cms.length > room) {
    throw new SignError('SIGN_PLACEHOLDER_TOO_SMALL', 'Chỗ dành cho chữ ký trong tệp không đủ; hãy chuẩn bị lại với dung lượng dự trữ lớn hơn.', `need ${cms.length}, have ${room}`);
  }
  const hex = Buffer.from(cms.toString('hex').padEnd(room * 2, '0'), 'latin1');
  const result = { bytesWritten: state.totalSize, fieldName: state.fieldName, level };
  let target = opts.input ?? (opts.preparedPdf ? undefined : state.preparedPath);
  if (target && opts.output && opts.output !== target) {
    await fsp.copyFile(target, opts.output);
    target = opts.output;
  }
  if (target) {
    const fh = await fsp.open(target, 'r+');
    try {
      const check = Buffer.alloc(1);
      await fh.read(check, 0, 1, state.contentsOffset);
      if (check[0] !== 0x3c || (await fh.stat()).size !== state.totalSize) throw new SignError('SIGN_BAD_INPUT', 'Tệp đã chuẩn bị không khớp trạng thái ký.', 'no < at contents offset');
      await fh.write(hex, 0, hex.length, state.contentsOffset + 1);
    } finally {
      await fh.close();
    }
    return { ...result, pdf: target };
  }
  if (!opts.preparedPdf) throw new SignError('SIGN_BAD_INPUT', 'Thiếu tệp PDF đã chuẩn bị.', 'preparedPdf missing');
  const out = Buffer.from(opts.preparedPdf);
  if (out[state.contentsOffset] !== 0x3c || out.length !== state.totalSize) throw new SignError('SIGN_BAD_INPUT', 'Tệp đã chuẩn bị không khớp trạng thái ký.', 'mismatch');
  hex.copy(out, state.contentsOffset + 1);
  return { ...result, pdf: out };
}
