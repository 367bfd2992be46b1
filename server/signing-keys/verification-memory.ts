import { createHash } from 'node:crypto';
import { promiseMemory } from '../shared/promise-memory';
import type { DocumentSigning, VerificationOutcome } from './document-signing';

export interface VerificationMemoryOptions {
  /** How long a verdict is served: it also depends on the time (certificate validity, embedded revocation data as of now). */
  ttlMs: number;
  /** Verdicts kept at most (least recently used dropped first). */
  maxEntries: number;
  now?: () => number;
}

/** A verdict is kept for a minute: long enough for a page view then the issue, or many readers opening one issued file. */
export const VERIFICATION_MEMORY_MS = 60_000;
export const VERIFICATIONS_KEPT = 2000;

/**
 * Remembers `verify` verdicts for a short while. Every opening of a document page verifies its file
 * (all signatures, the certificate chains, what changed after each), the clerk's issue verifies the
 * leader's file again right after, and the copies delivered to many agencies share one file. A
 * verdict is a function of the file's bytes, the trust anchors, and the time: the blob key is the
 * SHA-256 of the bytes, the anchors are part of the key, and the time is bounded by `ttlMs` (no
 * verdict is older than that). Revocation is judged offline from data inside the file, so no
 * outside state is involved. Concurrent checks of one file share one verification. Outcomes are
 * shared objects: callers read them only (they serialize or copy them).
 * Made by the composition root; one per process.
 */
export function rememberVerifications(signing: DocumentSigning, opts: VerificationMemoryOptions): DocumentSigning {
  const remembered = promiseMemory<VerificationOutcome>(opts);
  const keyOf = (sourceKey: string, trustAnchors: string[]): string => {
    const anchors = createHash('sha256');
    for (const pem of [...trustAnchors].sort()) anchors.update(pem).update('\0');
    return `${sourceKey}\0${anchors.digest('base64')}`;
  };
  // A failure (unreadable blob, I/O) is not a verdict: the next call tries again.
  const verify = (sourceKey: string, trustAnchors: string[]): Promise<VerificationOutcome> =>
    remembered(keyOf(sourceKey, trustAnchors), () => signing.verify(sourceKey, trustAnchors));
  return { ...signing, verify };
}
