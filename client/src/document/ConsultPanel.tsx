import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { Consultation, DocumentDetail } from '../api/types';
import { dateTimeVn, dateVn, todayIso } from '../format';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { useToast } from '../ui/toasts';
import { ReasonForm } from './ReasonForm';
import { useOrgPeople } from './useOrgPeople';

const OPEN = ['draft', 'returned', 'submitted', 'approved'];

/** Xin ý kiến on a draft: the drafter asks colleagues; they answer here; the leader reads it all before signing. */
export function ConsultPanel({ detail }: { detail: DocumentDetail }) {
  const { api, user } = useSession();
  const { tick } = useLive();
  const notify = useToast();
  const people = useOrgPeople();
  const doc = detail.document;
  const [items, setItems] = useState<Consultation[]>([]);
  const [asking, setAsking] = useState(false);
  const [answering, setAnswering] = useState<string | null>(null);
  const [question, setQuestion] = useState('');
  const [deadline, setDeadline] = useState(todayIso(3));
  const [targets, setTargets] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    if (doc.direction !== 'outgoing') return;
    api.get<{ items: Consultation[] }>(`/documents/${doc.id}/consultations`).then((r) => setItems(r.items)).catch(() => undefined);
  }, [api, doc.id, doc.direction]);
  useEffect(load, [load, tick]);

  if (doc.direction !== 'outgoing') return null;
  const mine = detail.versions.length > 0 && OPEN.includes(doc.status) && detail.document.leaderId !== user?.id;
  if (items.length === 0 && !mine) return null;

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    if (question.trim().length < 3 || targets.length === 0) return setError('Nhập nội dung và chọn ít nhất một người');
    try {
      const r = await api.post<{ items: Consultation[] }>(`/documents/${doc.id}/consultations`, { question: question.trim(), deadline, targets: targets.map((userId) => ({ userId })) });
      setItems(r.items);
      setAsking(false);
      setQuestion('');
      setTargets([]);
      notify('Đã gửi xin ý kiến.', 'success');
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section className="card" aria-labelledby="tt-xin-y-kien">
      <h2 id="tt-xin-y-kien">Xin ý kiến dự thảo</h2>
      <ul className="assignments">
        {items.map((c) => (
          <li key={c.id} data-testid="consultation">
            <div>
              <strong>{c.target}</strong> <small className={c.overdue ? 'deadline late' : 'muted'}>{c.deadline ? `hạn ${dateVn(c.deadline)}` : ''}</small>
            </div>
            <p className="muted">{c.question}</p>
            {c.answer ? (
              <p>
                <strong>Ý kiến:</strong> {c.answer} <small className="muted">({c.answeredBy}, {dateTimeVn(c.answeredAt)})</small>
              </p>
            ) : c.targetUserId === user?.id || (c.targetUnitId && c.targetUnitId === user?.unit?.id) ? (
              answering === c.id ? (
                <ReasonForm
                  label="Ý kiến góp ý"
                  submitLabel="Gửi ý kiến"
                  onCancel={() => setAnswering(null)}
                  onSubmit={async (answer) => {
                    try {
                      await api.post(`/consultations/${c.id}/answer`, { answer });
                      notify('Đã gửi ý kiến.', 'success');
                      setAnswering(null);
                      load();
                    } catch (err) {
                      notify(errorText(err), 'error');
                    }
                  }}
                />
              ) : (
                <button type="button" onClick={() => setAnswering(c.id)}>
                  Góp ý
                </button>
              )
            ) : (
              <p className="muted">Chưa có ý kiến.</p>
            )}
          </li>
        ))}
      </ul>
      {mine && !asking && (
        <button type="button" className="secondary" onClick={() => setAsking(true)}>
          Xin ý kiến
        </button>
      )}
      {asking && (
        <form className="inline-form" onSubmit={ask} noValidate>
          <label>
            Nội dung xin ý kiến
            <textarea rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} />
          </label>
          <label>
            Hạn góp ý
            <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          </label>
          <fieldset className="check-list">
            <legend>Xin ý kiến của</legend>
            {people?.users
              .filter((u) => u.id !== user?.id)
              .map((u) => (
                <label key={u.id} className="check">
                  <input type="checkbox" checked={targets.includes(u.id)} onChange={(e) => setTargets((t) => (e.target.checked ? [...t, u.id] : t.filter((x) => x !== u.id)))} />
                  {u.fullName}
                </label>
              ))}
          </fieldset>
          <Alert>{error}</Alert>
          <FormActions label="Gửi xin ý kiến" onCancel={() => setAsking(false)} />
        </form>
      )}
    </section>
  );
}
