import { progressSchema } from '../../../server/contract/assignments';
import { fieldErrors } from '../../../server/contract/documents';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/Alert';
import { errorText } from '../api/http';
import type { Assignment, DocumentDetail } from '../api/types';
import { dateTimeVn, dateVn, ROLE_NAMES } from '../format';
import { useSession } from '../session';
import { useToast } from '../ui/toasts';
import { ReasonForm } from './ReasonForm';

const STATUS: Record<string, string> = { assigned: 'Chưa xử lý', in_progress: 'Đang xử lý', completed: 'Đã hoàn thành' };

/** The leader's directions and each assignment's progress; the assignee updates or completes their own. */
export function AssignmentsPanel({ detail, onChanged }: { detail: DocumentDetail; onChanged: () => void }) {
  if (detail.directions.length === 0 && detail.assignments.length === 0) return null;
  return (
    <section className="card" aria-labelledby="tt-giao-viec">
      <h2 id="tt-giao-viec">Ý kiến chỉ đạo và giao xử lý</h2>
      {detail.directions.map((d) => (
        <blockquote key={d.id} className="direction">
          <p>{d.instruction}</p>
          <footer>
            {d.leader} · {dateTimeVn(d.createdAt)}
            {d.deadline && <> · Hạn xử lý: {dateVn(d.deadline)}</>}
          </footer>
        </blockquote>
      ))}
      <ul className="assignments">
        {detail.assignments.map((a) => (
          <AssignmentItem key={a.id} a={a} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function AssignmentItem({ a, onChanged }: { a: Assignment; onChanged: () => void }) {
  const { api, user } = useSession();
  const notify = useToast();
  const [mode, setMode] = useState<'none' | 'progress' | 'complete'>('none');
  const [note, setNote] = useState('');
  const [percent, setPercent] = useState(String(Math.max(a.percent, 10)));
  const [error, setError] = useState<string | null>(null);
  const mine = a.assigneeUserId === user?.id || (a.assigneeUnitId !== null && a.assigneeUnitId === user?.unit?.id);
  // What the assignment table allows this user (the server decides; inform-only work is created complete).
  const canAct = a.allowedActions.length > 0;

  const saveProgress = async (e: FormEvent) => {
    e.preventDefault();
    const problem = fieldErrors(progressSchema, { note, percent: Number(percent) });
    if (Object.keys(problem).length) return setError(Object.values(problem)[0]);
    try {
      await api.post(`/assignments/${a.id}/progress`, { note: note.trim(), percent: Number(percent) });
      notify('Đã cập nhật tiến độ.', 'success');
      setMode('none');
      setNote('');
      setError(null);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <li className={a.overdue ? 'overdue' : undefined} data-testid="assignment">
      <div className="sig-head">
        <strong>{a.assignee}</strong>
        <span className="tag">{ROLE_NAMES[a.role] ?? a.role}</span>
      </div>
      <div className="doc-meta">
        <span>{STATUS[a.status] ?? a.status}</span>
        {a.deadline && <span className={a.overdue ? 'deadline late' : 'deadline'}>{a.overdue ? 'Quá hạn' : 'Hạn'}: {dateVn(a.deadline)}</span>}
        <progress max={100} value={a.percent} aria-label={`Tiến độ của ${a.assignee ?? ''}`} />
        <span>{a.percent}%</span>
      </div>
      {a.result && <p>Kết quả: {a.result}</p>}
      {a.updates.length > 0 && (
        <ol className="timeline small">
          {a.updates.map((u, i) => (
            <li key={i}>
              <time dateTime={u.at}>{dateTimeVn(u.at)}</time>
              <span>
                {u.note}
                {u.percent !== null && ` (${u.percent}%)`}
              </span>
              <small className="muted">{u.author}</small>
            </li>
          ))}
        </ol>
      )}
      {canAct && mode === 'none' && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setMode('progress')}>
            Cập nhật tiến độ
          </button>
          <button type="button" onClick={() => setMode('complete')}>
            Hoàn thành
          </button>
        </div>
      )}
      {mode === 'progress' && (
        <form className="inline-form" onSubmit={saveProgress} noValidate>
          <label>
            Nội dung đã làm
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
          </label>
          <label>
            Phần trăm hoàn thành
            <input type="number" min={0} max={99} value={percent} onChange={(e) => setPercent(e.target.value)} />
          </label>
          <Alert inline>{error}</Alert>
          <div className="actions">
            <button type="submit">Lưu tiến độ</button>
            <button type="button" className="secondary" onClick={() => setMode('none')}>
              Hủy
            </button>
          </div>
        </form>
      )}
      {mode === 'complete' && (
        <ReasonForm
          label="Kết quả xử lý"
          submitLabel="Xác nhận hoàn thành"
          onCancel={() => setMode('none')}
          onSubmit={async (result) => {
            try {
              await api.post(`/assignments/${a.id}/complete`, { result });
              notify('Đã hoàn thành nhiệm vụ.', 'success');
              setMode('none');
              onChanged();
            } catch (err) {
              notify(errorText(err), 'error');
            }
          }}
        />
      )}
    </li>
  );
}
