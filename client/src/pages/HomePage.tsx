import type { Inbox, InboxSection } from '../api/types';
import { dateVn } from '../format';
import { useLive } from '../realtime';
import { hasRole, useSession } from '../session';
import { Link } from '../ui/Link';
import { ROLE_NAMES } from '../format';
import { PendingConsultations } from './PendingConsultations';

const ORDER: InboxSection[] = ['internal', 'pending_electronic', 'to_submit', 'ready_to_issue', 'recalled', 'awaiting_direction', 'awaiting_signature', 'assigned', 'my_drafts'];

/** Sections that stay visible, even empty, for a role: the home screen says "nothing waiting". */
function sectionsFor(roles: (r: string) => boolean): InboxSection[] {
  const s: InboxSection[] = [];
  if (roles('clerk')) s.push('pending_electronic', 'to_submit', 'ready_to_issue');
  if (roles('leader')) s.push('awaiting_direction', 'awaiting_signature');
  s.push('assigned', 'my_drafts');
  return s;
}

export function HomePage() {
  const { user } = useSession();
  const { inbox } = useLive();
  if (!inbox) return <p className="loading">Đang tải…</p>;
  const always = sectionsFor((r) => hasRole(user, r));
  const shown = ORDER.filter((s) => always.includes(s) || (inbox.counts[s] ?? 0) > 0);
  return (
    <div className="home">
      <div className="home-head">
        <h1>Việc cần xử lý</h1>
        <div className="actions">
          {hasRole(user, 'clerk') && (
            <Link to="/van-ban-den/moi" className="button">
              Vào sổ văn bản giấy
            </Link>
          )}
          <Link to="/du-thao/moi" className="button secondary-link">
            Soạn dự thảo mới
          </Link>
        </div>
      </div>
      <div className="counters" aria-label="Tóm tắt">
        {shown.map((s) => (
          <a key={s} href={`#muc-${s}`} className={`counter ${(inbox.counts[s] ?? 0) > 0 ? 'has' : ''}`}>
            <span className="count" data-testid={`count-${s}`}>
              {inbox.counts[s] ?? 0}
            </span>
            <span>{inbox.sections[s]}</span>
          </a>
        ))}
      </div>
      <PendingConsultations />
      {shown.map((s) => (
        <Section key={s} section={s} inbox={inbox} />
      ))}
    </div>
  );
}

function Section({ section, inbox }: { section: InboxSection; inbox: Inbox }) {
  const items = inbox.items.filter((i) => i.section === section);
  return (
    <section className="card inbox-section" id={`muc-${section}`} aria-labelledby={`tieu-de-${section}`} data-section={section}>
      <h2 id={`tieu-de-${section}`}>
        {inbox.sections[section]} <span className="pill">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">Không có văn bản nào.</p>
      ) : (
        <ul className="doc-list">
          {items.map(({ document: d, assignment: a }) => (
            <li key={`${d.id}-${a?.id ?? ''}`} className={a?.overdue ? 'overdue' : undefined}>
              <Link to={`/van-ban/${d.id}`} className="doc-link">
                <span className="doc-subject">{d.subject}</span>
                <span className="doc-meta">
                  {d.symbol && <span>{d.symbol}</span>}
                  {d.issuer && <span>{d.issuer}</span>}
                  {d.arrivalNumberText && <span>Số đến {d.arrivalNumberText}</span>}
                  <span>{d.statusText}</span>
                  {d.urgency !== 'normal' && <span className="tag urgent">{d.urgencyText}</span>}
                  {d.verification && <span className={`tag ${d.verification.valid ? 'ok' : 'bad'}`}>{d.verification.valid ? 'Chữ ký hợp lệ' : 'Chữ ký không hợp lệ'}</span>}
                </span>
                {a && (
                  <span className="doc-meta assignment">
                    <span>{ROLE_NAMES[a.role] ?? a.role}</span>
                    {a.deadline && <span className={a.overdue ? 'deadline late' : 'deadline'}>{a.overdue ? 'Quá hạn' : 'Hạn'}: {dateVn(a.deadline)}</span>}
                    <progress max={100} value={a.percent} aria-label="Tiến độ">
                      {a.percent}%
                    </progress>
                    <span>{a.percent}%</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
