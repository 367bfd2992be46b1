import { SignatureError, SignatureReport, ValidationStatus } from './report';

/** Codes that prove the signature wrong (ETSI: TOTAL-FAILED and its kin). */
const INVALID = new Set([
  'DIGEST_MISMATCH', 'SIGNATURE_INVALID', 'CONTENTS_MISMATCH', 'CONTENTS_NOT_IN_GAP', 'BYTE_RANGE_INVALID', 'BYTE_RANGE_NOT_AT_REVISION',
  'DISALLOWED_CHANGE', 'DOCMDP_VIOLATION', 'FIELDMDP_VIOLATION', 'CERT_REVOKED', 'CA_BASIC_CONSTRAINTS', 'CA_KEY_USAGE', 'CA_PATH_LENGTH',
  'LEAF_KEY_USAGE', 'LEAF_IS_CA',
]);

/** Remarks that leave the verdict as it is: revocation not looked up (reported, not judged), signature-timestamp trouble (the CMS time is used instead). */
const WARNING = (code: string): boolean =>
  code === 'REVOCATION_NOT_CHECKED' || code === 'REVOCATION_UNKNOWN' || code.startsWith('TIMESTAMP_') || code.startsWith('TSA_');

type Judged = Pick<SignatureReport, 'integrity' | 'chain' | 'revocation' | 'changesAfter' | 'revision' | 'errors' | 'kind'>;

/** Status, reasons and warnings of one signature from its checks; every non-valid outcome carries a code. */
export function judgeSignature(s: Judged): { status: ValidationStatus; reasons: SignatureError[]; warnings: SignatureError[] } {
  const warnings = dedupe(s.errors.filter((e) => WARNING(e.code)));
  const reasons = dedupe(s.errors.filter((e) => !WARNING(e.code)));
  // Safety net: a failed check without a code of its own still gets one.
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok && !reasons.some((r) => r.code === code)) reasons.push({ code, message });
  };
  if (!reasons.some((r) => INVALID.has(r.code) || r.code.startsWith('VERIFY_'))) {
    need(s.integrity === 'intact', s.integrity === 'broken' ? 'SIGNATURE_INVALID' : 'INTEGRITY_NOT_CHECKED', 'Không xác nhận được tính toàn vẹn của chữ ký.');
  }
  if (!reasons.some((r) => ['CHAIN_UNTRUSTED', 'CERT_EXPIRED', 'CA_CERT_EXPIRED'].includes(r.code) || INVALID.has(r.code))) {
    need(s.chain === 'trusted', 'CHAIN_NOT_TRUSTED', 'Chứng thư số của người ký không được xác nhận tin cậy.');
  }
  need(s.revocation !== 'revoked', 'CERT_REVOKED', 'Chứng thư số đã bị thu hồi.');
  if (!reasons.some((r) => ['DOCMDP_VIOLATION', 'FIELDMDP_VIOLATION', 'CHANGES_NOT_ANALYSED'].includes(r.code))) {
    need(s.changesAfter !== 'disallowed', 'DISALLOWED_CHANGE', 'Sau khi ký, tệp có thay đổi không được phép.');
  }
  need(s.revision !== null, 'BYTE_RANGE_NOT_AT_REVISION', 'Vùng được ký không kết thúc tại cuối một phiên bản của tệp.');
  const status: ValidationStatus = reasons.length === 0 ? 'valid' : reasons.some((r) => INVALID.has(r.code)) ? 'invalid' : 'indeterminate';
  return { status, reasons, warnings };
}

export function judgeFile(sigs: SignatureReport[]): { status: ValidationStatus; reasons: SignatureError[] } {
  if (sigs.length === 0) return { status: 'indeterminate', reasons: [{ code: 'NO_SIGNATURES', message: 'Tệp không có chữ ký số.' }] };
  const status: ValidationStatus = sigs.some((s) => s.status === 'invalid') ? 'invalid' : sigs.some((s) => s.status === 'indeterminate') ? 'indeterminate' : 'valid';
  return { status, reasons: dedupe(sigs.flatMap((s) => s.reasons)) };
}

function dedupe(list: SignatureError[]): SignatureError[] {
  const seen = new Set<string>();
  return list.filter((e) => !seen.has(e.code) && seen.add(e.code));
}
