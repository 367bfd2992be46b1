import { Writable } from 'node:stream';
import type { KeyObject } from 'node:crypto';
import { bufferSource } from '../pdf';
import { signPdf } from '../sign/sign-pdf';
import type { AppearanceOptions } from '../sign/update-builder';
import { verifyPdf } from '../verify/verify-pdf';
import type { VerificationReport } from '../verify/report';

/**
 * Sign a PDF held in memory and verify the result, in one call that needs nothing but its input: it runs the same in
 * this thread or in a worker (seal-pool.ts), where everything it gets and returns crosses by structured clone.
 */
export interface SealTask {
  pdf: Buffer;
  signer: { keyObject?: KeyObject; keyPem?: string; certPem: string; chainPem?: string[] };
  appearance: Pick<AppearanceOptions, 'kind' | 'image' | 'fieldFills' | 'fieldChoices' | 'reason'>;
  signingTime: Date;
  trustAnchors: string[];
}

export interface SealOutcome {
  sealed: Buffer;
  report: VerificationReport;
  filledFields: string[];
}

/** Bytes that crossed a thread boundary arrive as a plain Uint8Array: the PDF code needs Buffers. */
export const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

export async function sealAndVerifyInMemory(task: SealTask): Promise<SealOutcome> {
  const pdf = asBuffer(task.pdf);
  const image = task.appearance.image ? asBuffer(task.appearance.image) : undefined;
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const { filledFields } = await signPdf({ input: bufferSource(pdf), output, signer: task.signer, ...task.appearance, image, signingTime: task.signingTime });
  const sealed = Buffer.concat(chunks);
  const report = await verifyPdf(bufferSource(sealed), { trustAnchors: task.trustAnchors, fetchRevocation: false });
  return { sealed, report, filledFields };
}
