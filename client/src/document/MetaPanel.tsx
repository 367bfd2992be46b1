import type { ReactNode } from 'react';
import type { DocumentView } from '../api/types';
import { dateTimeVn, dateVn } from '../format';
import { useOrgNames } from '../org/useOrgNames';

export function MetaPanel({ doc }: { doc: DocumentView }) {
  const recipients = doc.direction === 'outgoing' ? (doc.recipients ?? []) : [];
  const names = useOrgNames(recipients.length > 0);
  // The signature block as Decree 30 prints it: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", then the name.
  const signer = doc.signedAs ? (
    <span className="signed-as">
      {[...doc.signedAs.lines, doc.signedAs.fullName].map((line, i) => (
        <span key={i} style={{ display: 'block' }}>{line}</span>
      ))}
    </span>
  ) : null;
  const rows: [string, ReactNode][] = [
    ['Loại văn bản', doc.docTypeName],
    ['Số, ký hiệu', doc.symbol ?? 'Chưa cấp số'],
    ['Ngày văn bản', dateVn(doc.issuedDate)],
    ['Cơ quan ban hành', doc.issuer],
    ['Số đến', doc.arrivalNumberText],
    ['Ngày đến', dateTimeVn(doc.arrivalAt)],
    ['Độ khẩn', doc.urgencyText],
    ['Độ mật', doc.secrecyText],
    ['Số trang', doc.pages],
    ['Phiên bản hiện hành', doc.direction === 'outgoing' ? doc.currentVersion : null],
    ['Người ký', signer],
    ['Ngày ký', dateTimeVn(doc.signedAt)],
    ['Ngày ban hành', dateTimeVn(doc.issuedAt)],
    ['Nơi nhận', recipients.map((c) => names.get(c) ?? c).join('; ')],
  ];
  return (
    <section className="card" aria-labelledby="tt-van-ban">
      <h2 id="tt-van-ban">Thông tin văn bản</h2>
      <dl className="meta">
        {rows
          .filter(([, v]) => v !== null && v !== undefined && v !== '')
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {doc.returnReason && (doc.status === 'returned' || doc.status === 'draft') && <p className="warning">Lý do trả lại: {doc.returnReason}</p>}
    </section>
  );
}
