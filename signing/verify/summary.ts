import { ChainStatus, ChangesAfter, IntegrityStatus, RevocationStatus, SignatureReport, ValidationStatus } from './report';

/** Vietnamese display texts for the stable enums. */
export const INTEGRITY_VI: Record<IntegrityStatus, string> = {
  intact: 'toàn vẹn',
  broken: 'đã bị thay đổi hoặc chữ ký sai',
  error: 'không kiểm tra được',
};

export const CHAIN_VI: Record<ChainStatus, string> = {
  trusted: 'chứng thư số tin cậy',
  untrusted: 'chứng thư số không thuộc tổ chức cung cấp dịch vụ tin cậy',
  expired: 'chứng thư số hết hiệu lực tại thời điểm ký',
  invalid: 'chứng thư số không hợp lệ',
  error: 'không kiểm tra được chứng thư số',
};

export const REVOCATION_VI: Record<RevocationStatus, string> = {
  good: 'chưa bị thu hồi',
  revoked: 'đã bị thu hồi',
  not_checked: 'chưa kiểm tra tình trạng thu hồi',
  unknown: 'không xác định được tình trạng thu hồi',
};

export const CHANGES_VI: Record<ChangesAfter, string> = {
  none: 'không có thay đổi sau khi ký',
  signatures_only: 'sau khi ký chỉ bổ sung chữ ký, dấu thời gian hoặc dữ liệu kiểm tra',
  form_fill: 'sau khi ký có điền trường biểu mẫu',
  disallowed: 'sau khi ký có thay đổi không được phép (nội dung văn bản có thể đã bị sửa)',
};

export function signatureSummary(s: Omit<SignatureReport, 'summary'>): string {
  const who = s.signer?.commonName ?? 'không rõ người ký';
  const what = s.kind === 'document_timestamp' ? 'Dấu thời gian tài liệu' : 'Chữ ký';
  const verdict = STATUS_VI[s.status];
  const parts = [INTEGRITY_VI[s.integrity], CHAIN_VI[s.chain], REVOCATION_VI[s.revocation], CHANGES_VI[s.changesAfter]];
  return `${what} "${s.field}" của ${who}: ${verdict} — ${parts.join('; ')}.`;
}

export const STATUS_VI: Record<ValidationStatus, string> = {
  valid: 'hợp lệ',
  invalid: 'KHÔNG hợp lệ',
  indeterminate: 'CHƯA xác định được tính hợp lệ',
};

export function overallSummary(sigs: SignatureReport[], status: ValidationStatus): string {
  if (sigs.length === 0) return 'Tệp không có chữ ký số.';
  if (status === 'valid') return `Tất cả ${sigs.length} chữ ký đều hợp lệ.`;
  const bad = sigs.filter((s) => s.status === 'invalid').length;
  const unsure = sigs.filter((s) => s.status === 'indeterminate').length;
  const parts = [bad ? `${bad}/${sigs.length} chữ ký không hợp lệ` : '', unsure ? `${unsure}/${sigs.length} chữ ký chưa xác định được tính hợp lệ` : ''].filter(Boolean);
  return `${parts.join('; ')}.`;
}
