import type { SignatureReport, SignatureVerdict } from '../contract/documents';
import type { VerificationOutcome } from '../signing-keys/document-signing';
import type { SignatureReport as Check, VerificationReport } from '../../signing/verify/report';

/**
 * Three words a clerk understands first (the coded reasons follow in the report), from the
 * verifier's three-outcome status: decided here, shown as is by the client.
 */
export function signatureVerdict(s: Pick<Check, 'status' | 'chain'>): SignatureVerdict {
  if (s.status === 'valid') return { text: 'Hợp lệ', tone: 'ok' };
  if (s.status === 'invalid') return { text: 'Không hợp lệ', tone: 'bad' };
  return s.chain === 'untrusted' ? { text: 'Chưa được tin cậy', tone: 'warn' } : { text: 'Chưa xác định', tone: 'warn' };
}

/** The verification report of a document's file, each signature with its verdict. */
export function presentSignatureReport(outcome: VerificationOutcome): SignatureReport {
  const report = outcome.report as VerificationReport;
  const signatures = report.signatures.map((s) => ({ ...s, verdict: signatureVerdict(s) }));
  // The signing library's interfaces have no index signature; the contract's loose objects accept their extra fields.
  return { ...report, valid: outcome.valid, summary: outcome.summary, signatures: signatures as unknown as SignatureReport['signatures'] };
}
