import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { certsFromPem } from './certificates';
import { validateChain } from './chain';
import { CHAIN_VI } from './summary';

export interface SignerReadiness {
  ready: boolean;
  /** Vietnamese, for the user: why a signature made with this material would not verify. */
  reason?: string;
}

/**
 * Whether a signature made now with this key and certificate will verify as trusted: the certificate
 * belongs to the key, and chains to one of the trust anchors with validity and key usage for
 * signing (the checks `verifyPdf` applies to the signer). Lets a caller refuse before it commits to
 * anything (the issue step numbers the document only once the seal is known to be good), instead of
 * learning it from verifying the result.
 */
export function checkSignerReadiness(input: { key: KeyObject | string; certPem: string; chainPem?: string[]; trustAnchors: string[]; time: Date }): SignerReadiness {
  const [leaf] = certsFromPem(input.certPem);
  if (!leaf) return { ready: false, reason: 'Không đọc được chứng thư số' };
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  const publicKey = createPublicKey(input.key);
  if (!spki(publicKey).equals(spki(new X509Certificate(input.certPem).publicKey))) {
    return { ready: false, reason: 'Chứng thư số không khớp với khoá ký' };
  }
  const pool = (input.chainPem ?? []).flatMap(certsFromPem);
  const anchors = input.trustAnchors.flatMap(certsFromPem);
  const chain = validateChain(leaf, pool, anchors, input.time, 'signing');
  if (chain.status !== 'trusted') return { ready: false, reason: `${capitalized(CHAIN_VI[chain.status])}${chain.errors.length ? `: ${chain.errors.map((e) => e.message).join('; ')}` : ''}` };
  return { ready: true };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type ReadinessInput = Parameters<typeof checkSignerReadiness>[0];

/**
 * `checkSignerReadiness` remembered for a while: issuing checks the same agency key before every number it takes, and
 * comparing the key with its certificate and validating the chain costs more than a millisecond each time. Only a
 * "ready" is kept, per key object (its cached unsealing) and certificate, chain and anchors, for at most `keepMs` and
 * never past the certificate's end of validity; a refusal is checked again next time.
 */
export function signerReadinessMemory(keepMs = 60_000): (input: ReadinessInput) => SignerReadiness {
  const byKey = new WeakMap<KeyObject, Map<string, { until: number; from: number }>>();
  return (input) => {
    if (typeof input.key === 'string') return checkSignerReadiness(input);
    const material = [input.certPem, ...(input.chainPem ?? []), '', ...input.trustAnchors].join('\n');
    const at = input.time.getTime();
    const known = byKey.get(input.key)?.get(material);
    if (known && at >= known.from && at < known.until) return { ready: true };
    const result = checkSignerReadiness(input);
    if (result.ready) {
      const cert = new X509Certificate(input.certPem);
      const entries = byKey.get(input.key) ?? new Map<string, { until: number; from: number }>();
      // Ready at `at`: the certificate was valid then; an earlier time is checked again.
      entries.set(material, { from: at, until: Math.min(at + keepMs, new Date(cert.validTo).getTime()) });
      byKey.set(input.key, entries);
    }
    return result;
  };
}
