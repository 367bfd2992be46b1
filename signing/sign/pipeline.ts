import { createHash } from 'crypto';
import { Writable } from 'stream';
import { openFileSource, PdfSource } from '../pdf';
import { UpdateLayout } from './update-builder';
import { assembleSignedData, buildSignedAttributes, certificatesFromPem, maxSignatureLength, parseCertificate } from './cms';
import { SignerMaterial } from './signer-key';
import { ByteSink, copyAndHash, copyFileAndHash, fileSink, streamSink } from './output';
import { localPrefixDigest, PrefixDigest } from './prefix-hash';
import { SignError } from './errors';

/** Steps shared by one-go and two-phase signing. */

export type PadesLevel = 'B-B' | 'B-T';

export interface SignResult {
  bytesWritten: number;
  fieldName: string;
  /** The form fields filled (`fieldFills`, and what `fieldChoices` decided). */
  filledFields: string[];
  level: PadesLevel;
}

/** Headroom for the RFC 3161 token until its real size is known (re-laid out if exceeded). */
export const TIMESTAMP_ALLOWANCE = 6144;

export interface Material {
  certDer: Buffer;
  chainDer: Buffer[];
}

export function material(signer: Pick<SignerMaterial, 'certPem' | 'chainPem'>): Material {
  const [certDer, ...rest] = certificatesFromPem(signer.certPem);
  const chainDer = [...rest, ...(signer.chainPem ?? []).flatMap((p) => certificatesFromPem(p))];
  return { certDer, chainDer };
}

const baseSizes = new Map<string, number>();
const BASE_SIZES_KEPT = 256;

/**
 * Exact size of our CMS without a timestamp, from the real certificates and the longest signature.
 * A pure function of the certificates, and building a CMS with pkijs costs milliseconds: remembered
 * per exact certificate bytes (an agency seals with the same certificate all day).
 */
export function baseCmsSize(m: Material): number {
  const hash = createHash('sha256');
  for (const der of [m.certDer, ...m.chainDer]) hash.update(String(der.length)).update(':').update(der);
  const key = hash.digest('base64');
  const known = baseSizes.get(key);
  if (known !== undefined) return known;
  const size = computeBaseCmsSize(m);
  if (baseSizes.size >= BASE_SIZES_KEPT) baseSizes.delete(baseSizes.keys().next().value!);
  baseSizes.set(key, size);
  return size;
}

function computeBaseCmsSize(m: Material): number {
  const attrs = buildSignedAttributes(Buffer.alloc(32), m.certDer);
  return assembleSignedData({
    signerCertDer: m.certDer,
    certificatesDer: m.chainDer,
    signedAttributes: attrs,
    signatureValue: Buffer.alloc(maxSignatureLength(m.certDer), 0xff),
  }).length;
}

export function displayName(certDer: Buffer): string {
  const cert = parseCertificate(certDer);
  const cn = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.3');
  const o = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.10');
  return String(cn?.value.valueBlock.value ?? o?.value.valueBlock.value ?? '');
}

/** Completes hashing: the source prefix plus the update around /Contents. */
export function layoutDigest(prefix: PrefixDigest, base: number, layout: UpdateLayout): Promise<Buffer> {
  const total = base + layout.bytes.length;
  const a = base + layout.contentsAt;
  const b = a + layout.contentsLength;
  const br = `[0 ${a} ${b} ${total - b}]`.padEnd(layout.byteRangeLength, ' ');
  layout.bytes.write(br, layout.byteRangeAt, 'latin1');
  return prefix.digestWith([layout.bytes.subarray(0, layout.contentsAt), layout.bytes.subarray(layout.contentsAt + layout.contentsLength)]);
}

export function writeContents(layout: UpdateLayout, cms: Buffer): void {
  const room = (layout.contentsLength - 2) / 2;
  if (cms.length > room) {
    throw new SignError('SIGN_PLACEHOLDER_TOO_SMALL', 'Chỗ dành cho chữ ký trong tệp không đủ; hãy ký lại với dung lượng dự trữ lớn hơn.', `need ${cms.length}, have ${room}`);
  }
  layout.bytes.write(cms.toString('hex').padEnd(room * 2, '0'), layout.contentsAt + 1, 'latin1');
}

export async function openInput(input: PdfSource | string): Promise<{ src: PdfSource; own: boolean }> {
  return typeof input === 'string' ? { src: await openFileSource(input), own: true } : { src: input, own: false };
}

/**
 * Starts copying the source to the output and hashing it. File to file, the kernel copies while
 * this thread hashes (a hashing worker thread was measured slower on the shared 2-core box);
 * otherwise the bytes stream through here.
 */
export function beginPrefix(input: PdfSource | string, src: PdfSource, output: string | Writable | undefined, mem?: ByteSink): { sink: Promise<ByteSink>; digest: PrefixDigest } {
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
export async function abortPrefix(p: { sink: Promise<ByteSink>; digest: PrefixDigest } | undefined): Promise<void> {
  if (!p) return;
  p.digest.close();
  await p.sink.then((s) => s.abort(), () => undefined);
}

export function sinkFor(output: string | Writable): Promise<ByteSink> | ByteSink {
  return typeof output === 'string' ? fileSink(output) : streamSink(output);
}
