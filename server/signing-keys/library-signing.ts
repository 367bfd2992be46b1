import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { readBlob, type BlobInfo, type BlobStore } from '../../storage';
import { completePdfSignature, loadP12, preparePdfSignature, signPdf, type PreparedSignatureState } from '../../signing/sign';
import { PdfReader, type PdfSource } from '../../signing/pdf';
import { listFields } from '../../signing/sign/fields';
import { signerReadinessMemory, verifyPdf } from '../../signing/verify';
import { sealAndVerifyInMemory, type SealPool } from '../../signing/workers';
import type { CertificateInfo, DocumentSigning, Placement, SignerMaterial } from './document-signing';

const REMOTE_CMS_RESERVE = 24 * 1024;
/** Read-block size and how many blocks one open source keeps (at most 1 MB). */
const BLOCK = 64 * 1024;
const MAX_BLOCKS = 16;
/** Files up to this size are sealed and verified in memory (in a seal worker when there is a pool); larger ones stream through temp files. */
const IN_MEMORY_SEAL_BYTES = 16 * 1024 * 1024;

interface Options {
  blobs: BlobStore;
  tempDir: string;
  /** Worker threads for sealing and verifying issued documents; absent: this thread does it. */
  sealPool?: SealPool | null;
}

/** The signing library over the blob store: inputs are read from the store, outputs go through a temp file into it. */
export function createLibrarySigning({ blobs, tempDir, sealPool }: Options): DocumentSigning {
  fs.mkdirSync(tempDir, { recursive: true });

  const tempPath = () => path.join(tempDir, `${randomUUID()}.pdf`);

  const storeFile = async (file: string): Promise<BlobInfo> => blobs.put(fs.createReadStream(file), { contentType: 'application/pdf' });

  /** Runs `work` with a temp file path for its output, removed afterwards whatever happens. */
  const withOutput = async <T>(work: (output: string) => Promise<T>): Promise<T> => {
    const output = tempPath();
    try {
      return await work(output);
    } finally {
      await fs.promises.rm(output, { force: true });
    }
  };

  /**
   * Random access straight from the store: reading a trailer or a form does not copy the file. The
   * parser asks for many small windows (objects, xref sections); each store read costs a stat, an
   * open and a stream, so small reads go through aligned blocks remembered for this source's
   * lifetime (blobs are content-addressed: the bytes under a key never change). Large reads (hashing
   * a 50 MB scan) bypass the blocks, so memory stays bounded.
   */
  const blobSource = async (key: string): Promise<PdfSource> => {
    const { size } = await blobs.stat(key);
    const fetch = async (offset: number, length: number): Promise<Buffer> => {
      if (length <= 0 || offset >= size) return Buffer.alloc(0);
      const chunks: Buffer[] = [];
      for await (const chunk of await blobs.getRange(key, offset, Math.min(size, offset + length) - 1)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    const blocks = new Map<number, Promise<Buffer>>();
    const block = (index: number): Promise<Buffer> => {
      let b = blocks.get(index);
      if (b) {
        blocks.delete(index);
      } else {
        b = fetch(index * BLOCK, BLOCK);
        b.catch(() => blocks.delete(index));
      }
      blocks.set(index, b);
      if (blocks.size > MAX_BLOCKS) blocks.delete(blocks.keys().next().value!);
      return b;
    };
    return {
      size,
      read: async (offset, length) => {
        if (length <= 0 || offset >= size) return Buffer.alloc(0);
        const end = Math.min(size, offset + length);
        if (end - offset > BLOCK) return fetch(offset, end - offset);
        const first = Math.floor(offset / BLOCK);
        const last = Math.floor((end - 1) / BLOCK);
        const parts: Buffer[] = [];
        for (let i = first; i <= last; i++) parts.push(await block(i));
        const joined = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        // A copy: callers may keep or modify what they get, and the block is shared.
        return Buffer.from(joined.subarray(offset - first * BLOCK, end - first * BLOCK));
      },
      close: async () => undefined,
    };
  };

  const withReader = async <T>(key: string, work: (reader: PdfReader) => Promise<T>): Promise<T> => {
    const reader = await PdfReader.open(await blobSource(key));
    try {
      return await work(reader);
    } finally {
      await reader.close();
    }
  };

  const sealWithTempFiles = ({ sourceKey, signer, sealImage, fieldChoices, signingTime, reason }: Omit<Parameters<DocumentSigning['sealAndVerify']>[0], 'trustAnchors'>): Promise<{ blob: BlobInfo; filledFields: string[] }> =>
    withOutput(async (output) => {
      const { filledFields } = await signPdf({ input: await blobSource(sourceKey), output, signer, kind: 'seal', image: sealImage ?? undefined, fieldChoices, signingTime, reason });
      return { blob: await storeFile(output), filledFields };
    });

  const verifyStored: DocumentSigning['verify'] = async (sourceKey, trustAnchors) => {
    // Straight from the store: hashing the signed ranges needs no temporary copy of the file.
    const report = await verifyPdf(await blobSource(sourceKey), { trustAnchors, fetchRevocation: false });
    return { valid: report.valid, summary: report.summary, report };
  };

  const certificateInfo = (certPem: string): CertificateInfo => {
    const cert = new X509Certificate(certPem);
    const cn = /CN=([^\n]+)/.exec(cert.subject)?.[1] ?? cert.subject;
    return { subject: cert.subject.replace(/\n/g, ', '), commonName: cn, notAfter: new Date(cert.validTo) };
  };

  const placementOptions = (p: Placement) => ({ page: p.page, rect: p.rect, anchor: p.anchor });
  const signerReadiness = signerReadinessMemory();

  return {
    certificateInfo,

    async readP12(p12, password) {
      const material = loadP12(p12, password);
      if (!material.keyPem) throw new Error('Tệp PKCS#12 không có khoá dạng PEM');
      return { keyPem: material.keyPem, certPem: material.certPem, chainPem: material.chainPem ?? [], ...certificateInfo(material.certPem) };
    },

    async signAsLeader({ sourceKey, signer, image, placement, signingTime, reason, issueFields, block }) {
      return withOutput(async (output) => {
        await signPdf({ input: await blobSource(sourceKey), output, signer, kind: 'signer', image: image ?? undefined, ...placementOptions(placement), signingTime, reason, issueFields, signatureBlock: block });
        return storeFile(output);
      });
    },

    async sealAndVerify({ trustAnchors, ...input }) {
      const { sourceKey, signer, sealImage, fieldChoices, signingTime, reason } = input;
      const { size } = await blobs.stat(sourceKey);
      // A key held by a token (a CryptoKey) cannot cross to a worker; a large scan is not held in memory.
      if (size > IN_MEMORY_SEAL_BYTES || (!signer.keyObject && !signer.keyPem)) {
        const { blob, filledFields } = await sealWithTempFiles(input);
        return { blob, verification: await verifyStored(blob.key, trustAnchors), filledFields };
      }
      const task = {
        pdf: await readBlob(blobs, sourceKey),
        signer: { keyObject: signer.keyObject, keyPem: signer.keyObject ? undefined : signer.keyPem, certPem: signer.certPem, chainPem: signer.chainPem },
        appearance: { kind: 'seal' as const, image: sealImage ?? undefined, fieldChoices, reason },
        signingTime,
        trustAnchors,
      };
      const { sealed, report, filledFields } = sealPool ? await sealPool.run(task) : await sealAndVerifyInMemory(task);
      const blob = await blobs.put(Readable.from([sealed]), { contentType: 'application/pdf' });
      return { blob, verification: { valid: report.valid, summary: report.summary, report }, filledFields };
    },

    async prepareExternal({ sourceKey, certPem, chainPem, image, placement, signingTime, reason, issueFields, block }) {
      return withOutput(async (output) => {
        const input = await blobSource(sourceKey);
        // Room for a whole CMS from a remote-signing service, which may carry more certificates than ours.
        const prepared = await preparePdfSignature({ input, preparedOutput: output, reserveBytes: REMOTE_CMS_RESERVE, signer: { certPem, chainPem }, kind: 'signer', image: image ?? undefined, ...placementOptions(placement), signingTime, reason, issueFields, signatureBlock: block });
        const stored = await storeFile(output);
        return { preparedKey: stored.key, toBeSigned: prepared.toBeSigned, documentDigest: prepared.documentDigest, state: prepared.state };
      });
    },

    async completeExternal(prepared, result) {
      return withOutput(async (file) => {
        // The prepared file is patched in place: work on this request's own copy of it.
        await pipeline(await blobs.get(prepared.preparedKey), fs.createWriteStream(file));
        const state = { ...(prepared.state as PreparedSignatureState), preparedPath: file };
        const external = result.cms ? { cms: result.cms } : { signatureValue: result.signatureValue! };
        await completePdfSignature(state, external);
        return storeFile(file);
      });
    },

    async listTextFields(sourceKey) {
      return withReader(sourceKey, async (reader) => {
        const acroForm = await reader.resolveDict((await reader.catalog()).get('AcroForm'));
        return (await listFields(reader, acroForm)).filter((f) => f.type === 'Tx').map((f) => f.fullName);
      });
    },

    verify: verifyStored,

    sealReadiness(signer, trustAnchors, time) {
      const key = signer.keyObject ?? signer.keyPem;
      // A key held by a token or a remote service cannot be compared here: its signature is verified after signing.
      if (!key) return { ready: true };
      return signerReadiness({ key, certPem: signer.certPem, chainPem: signer.chainPem, trustAnchors, time });
    },

    async assertReadablePdf(sourceKey) {
      await withReader(sourceKey, async (reader) => {
        if ((await reader.pages()).length === 0) throw Object.assign(new Error('Tệp PDF không có trang nào'), { code: 'NOT_A_PDF' });
      });
    },
  };
}

export type { SignerMaterial };
