import type { DocumentDetail } from '../api/types';
import { dateVn } from '../format';
import { hasRole, useSession } from '../session';
import { Link } from '../ui/Link';

/**
 * The reply loop on a document's page: an incoming document's replies (and how to draft one, or
 * to open a work dossier for it); a draft's or issued document's answered incoming documents.
 */
export function ReplyPanel({ detail }: { detail: DocumentDetail }) {
  const { user } = useSession();
  const doc = detail.document;
  const replies = detail.replies ?? [];
  const answers = detail.answers ?? [];
  const directed = doc.direction === 'incoming' && ['directed', 'in_progress', 'completed'].includes(doc.status);
  const canDraft = directed && (hasRole(user, 'official') || hasRole(user, 'leader') || hasRole(user, 'clerk'));
  if (!directed && replies.length === 0 && answers.length === 0) return null;
  return (
    <section className="card" aria-labelledby="tt-tra-loi">
      <h2 id="tt-tra-loi">{doc.direction === 'incoming' ? 'Văn bản trả lời' : 'Trả lời văn bản đến'}</h2>
      {doc.direction === 'incoming' && replies.length === 0 && <p className="muted">Chưa có văn bản trả lời.</p>}
      <ul className="doc-list">
        {[...replies, ...answers].map((r) => (
          <li key={r.id}>
            <Link to={`/van-ban/${r.id}`} className="doc-link">
              <span className="doc-subject">{r.subject}</span>
              <span className="doc-meta">
                <span>{r.symbol ?? 'Dự thảo'}</span>
                {r.date && <span>{dateVn(r.date)}</span>}
                {r.issuer && <span>{r.issuer}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {canDraft && (
        <div className="actions">
          <Link to={`/du-thao/moi?tra-loi=${doc.id}`} className="button">
            Soạn văn bản trả lời
          </Link>
          <Link to={`/ho-so/moi?van-ban=${doc.id}`} className="button secondary-link">
            Lập hồ sơ công việc
          </Link>
        </div>
      )}
    </section>
  );
}
