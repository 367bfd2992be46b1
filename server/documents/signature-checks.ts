import { AppError } from '../shared/errors';
import { listTrustAnchors } from '../signing-keys/signing-keys.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

interface ReportView {
  status: 'valid' | 'invalid' | 'indeterminate';
  signatures: { status: string; field: string; signer: { fingerprint: string; commonName: string | null } | null; reasons: { code: string; message: string }[] }[];
}

const reasonsText = (r: ReportView): string =>
  [...new Set(r.signatures.flatMap((s) => s.reasons.map((x) => x.message)))].join(' ') || 'Tệp không có chữ ký số hợp lệ.';

/**
 * The stored file's signatures must all be `valid` against the configured trust anchors; with
 * `lastSignerIn`, the newest signature must also be by one of those certificates (SHA-256
 * fingerprints). Throws a coded error naming the reasons; returns the report otherwise.
 */
export async function requireValidSignatures(
  deps: Pick<WorkflowDeps, 'db' | 'signing'>,
  key: string,
  opts: { lastSignerIn?: Set<string>; code?: 'SIGNATURE_NOT_VALID' | 'LEADER_SIGNATURE_NOT_VALID' | 'SEAL_SIGNATURE_NOT_VALID'; what?: string; trustAnchors?: string[] } = {},
): Promise<unknown> {
  // A caller that already read the anchors (issuing checks twice against the same set) passes them.
  const anchors = opts.trustAnchors ?? (await listTrustAnchors(deps.db)).map((t) => t.pem);
  const outcome = await deps.signing.verify(key, anchors);
  const report = outcome.report as ReportView;
  const code = opts.code ?? 'SIGNATURE_NOT_VALID';
  if (report.status !== 'valid' || report.signatures.length === 0) {
    const what = opts.what ?? 'Chữ ký nhận được';
    throw new AppError(code, `${what} không hợp lệ (${report.status === 'invalid' ? 'không hợp lệ' : 'chưa xác định được tính hợp lệ'}): ${reasonsText(report)}`);
  }
  const last = report.signatures.at(-1)!;
  if (opts.lastSignerIn && !(last.signer && opts.lastSignerIn.has(last.signer.fingerprint))) {
    throw new AppError('SIGNER_NOT_REGISTERED', `Chữ ký được tạo bằng chứng thư số "${last.signer?.commonName ?? 'không rõ'}" không phải chứng thư đã đăng ký của lãnh đạo: chưa ghi vào văn bản`);
  }
  return outcome.report;
}
