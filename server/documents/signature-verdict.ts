import type { SignatureReport, SignatureVerdict } from '../contract/documents';
import type { VerificationOutcome } from '../signing-keys/document-signing';
import type { SignatureReport as Check, VerificationReport } from '../../signing/verify/report';

/** Three words a clerk understands first (the details follow in the report): decided here, shown as is by the client. */
export function signatureVerdict(s: Pick<Check, 'integrity' | 'changesAfter' | 'chain' | 'revocation' | 'valid'>): SignatureVerdict {
  if (s.integrity !== 'intact' || s.changesAfter === 'disallowed') return { text: 'Không hợp lệ', tone: 'bad' };
  if (s.chain === 'untrusted') return { text: 'Chưa được tin cậy', tone: 'warn' };
  if (s.chain !== 'trusted' || s.revocation === 'revoked') return { text: 'Không hợp lệ', tone: 'bad' };
  return s.valid ? { text: 'Hợp lệ', tone: 'ok' } : { text: 'Không hợp lệ', tone: 'bad' };
}

/** The verification report of a document's file, each signature with its verdict. */
export function presentSignatureReport(outcome: VerificationOutcome): SignatureReport {
  const report = outcome.report as VerificationReport;
  const signatures = report.signatures.map((s) => ({ ...s, verdict: signatureVerdict(s) }));
  // The signing library's interfaces have no index signature; the contract's loose objects accept their extra fields.
  return { ...report, valid: outcome.valid, summary: outcome.summary, signatures: signatures as unknown as SignatureReport['signatures'] };
}
