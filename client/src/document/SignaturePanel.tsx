import type { SignatureCheck, SignatureReport, SignatureStatus } from '../api/types';
import { dateTimeVn } from '../format';

const TONE: Record<SignatureStatus, 'ok' | 'bad' | 'warn'> = { valid: 'ok', invalid: 'bad', indeterminate: 'warn' };

const CHANGES: Record<SignatureCheck['changesAfter'], string> = {
  none: 'Không có thay đổi nào sau khi ký.',
  signatures_only: 'Sau khi ký chỉ có thêm chữ ký số khác.',
  form_fill: 'Sau khi ký có điền thêm thông tin vào ô (ví dụ số, ngày ban hành) — được phép.',
  disallowed: 'Nội dung đã bị sửa đổi sau khi ký.',
};

const CHAIN: Record<SignatureCheck['chain'], string> = {
  trusted: 'Chứng thư số do tổ chức tin cậy cấp, còn hiệu lực khi ký.',
  untrusted: 'Chứng thư số không do tổ chức được tin cậy cấp.',
  expired: 'Chứng thư số đã hết hạn hoặc chưa có hiệu lực khi ký.',
  invalid: 'Chứng thư số không đúng quy định.',
  error: 'Không kiểm tra được chứng thư số.',
};

export function SignaturePanel({ report, error }: { report: SignatureReport | null; error: string | null }) {
  return (
    <section className="card" aria-labelledby="tt-chu-ky" data-testid="signature-panel">
      <h2 id="tt-chu-ky">Chữ ký số</h2>
      {error && <p className="muted">{error}</p>}
      {!report && !error && <p className="muted">Đang kiểm tra chữ ký…</p>}
      {report && report.signatures.length === 0 && <p className="muted">Tệp không có chữ ký số.</p>}
      {report && report.signatures.length > 0 && (
        <>
          <p className={`verdict ${TONE[report.status]}`}>{report.summary}</p>
          <ol className="signatures">
            {report.signatures.map((s) => {
              // The verdict is decided on the server (server/documents/signature-verdict.ts).
              const v = s.verdict;
              return (
                <li key={s.field} className={`signature ${v.tone}`}>
                  <div className="sig-head">
                    <strong>{s.signer?.commonName ?? 'Không rõ người ký'}</strong>
                    <span className={`tag ${v.tone}`}>{v.text}</span>
                  </div>
                  {s.signer?.organization && <div>Cơ quan: {s.signer.organization}</div>}
                  {s.signingTime && <div>Thời điểm ký: {dateTimeVn(s.signingTime)}</div>}
                  <div>{s.integrity === 'intact' ? 'Nội dung được ký còn nguyên vẹn.' : 'Nội dung được ký đã bị thay đổi hoặc không kiểm tra được.'}</div>
                  <div>{CHAIN[s.chain]}</div>
                  <div>{CHANGES[s.changesAfter]}</div>
                  {s.reasons.length > 0 && (
                    <ul className="sig-errors" aria-label="Lý do">
                      {s.reasons.map((e) => (
                        <li key={e.code + e.message} data-code={e.code}>{e.message}</li>
                      ))}
                    </ul>
                  )}
                  {s.warnings.length > 0 && (
                    <ul className="sig-warnings muted" aria-label="Lưu ý">
                      {s.warnings.map((e) => (
                        <li key={e.code + e.message} data-code={e.code}>{e.message}</li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
