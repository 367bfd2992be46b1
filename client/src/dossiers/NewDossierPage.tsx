import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { DocumentDetail } from '../api/types';
import { useOrgPeople } from '../document/useOrgPeople';
import { useSubjectAreas } from '../org/useSubjectAreas';
import { todayIso } from '../format';
import { navigate } from '../router';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import type { DossierView, FilePlanItemView } from './dossier-format';

/** Opening a dossier (lập hồ sơ), from scratch or in one step from a directed incoming document (?van-ban=). */
export function NewDossierPage() {
  const { api, user } = useSession();
  const notify = useToast();
  const people = useOrgPeople();
  // The agency's subject areas in use; none kept: free text (the server holds to the same rule).
  const areas = useSubjectAreas(true);
  const params = new URLSearchParams(location.search);
  const [fromDoc] = useState(params.get('van-ban'));
  const [parentId] = useState(params.get('ho-so-cha'));
  const [source, setSource] = useState<DocumentDetail | null>(null);
  const [title, setTitle] = useState('');
  const [field, setField] = useState('');
  const [openedOn, setOpenedOn] = useState(todayIso());
  const [deadline, setDeadline] = useState('');
  const [ownerId, setOwnerId] = useState(user?.id ?? '');
  const [approverId, setApproverId] = useState('');
  const [planCode, setPlanCode] = useState('');
  const [plan, setPlan] = useState<FilePlanItemView[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!fromDoc) return;
    api
      .get<DocumentDetail>(`/documents/${fromDoc}`)
      .then((d) => {
        setSource(d);
        setTitle((t) => t || `Hồ sơ giải quyết ${d.document.symbol ? `văn bản ${d.document.symbol}` : ''}: ${d.document.subject}`.replace(' :', ':'));
        const deadlineOf = d.directions[0]?.deadline;
        if (deadlineOf) setDeadline((x) => x || deadlineOf.slice(0, 10));
        if (d.document.leaderId) setApproverId((x) => x || d.document.leaderId!);
      })
      .catch((err) => setError(errorText(err)));
  }, [api, fromDoc]);

  useEffect(() => {
    api.get<{ items: FilePlanItemView[] }>(`/file-plan?year=${openedOn.slice(0, 4)}`).then((r) => setPlan(r.items)).catch(() => setPlan([]));
  }, [api, openedOn]);

  const leaders = people?.users.filter((u) => u.roles.includes('leader')) ?? [];
  const errors = {
    title: tried && title.trim().length < 3 ? 'Cần tiêu đề hồ sơ' : undefined,
    approver: tried && !approverId ? 'Chọn lãnh đạo duyệt hồ sơ' : undefined,
    owner: tried && !ownerId ? 'Chọn người giải quyết' : undefined,
    deadline: deadline && deadline < openedOn ? 'Hạn giải quyết phải sau ngày mở hồ sơ' : undefined,
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (title.trim().length < 3 || !approverId || !ownerId || errors.deadline) return;
    setBusy(true);
    setError(null);
    try {
      const body = { title: title.trim(), field: field.trim() || undefined, openedOn, deadline: deadline || undefined, ownerId, approverId, filePlanCode: planCode || undefined, parentId: parentId ?? undefined, documentIds: fromDoc ? [fromDoc] : [] };
      const created = await api.post<DossierView>('/dossiers', body);
      notify(`Đã lập hồ sơ ${created.code ?? ''}.`, 'success');
      navigate(`/ho-so/${created.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="tieu-de-lap-ho-so">
      <h1 id="tieu-de-lap-ho-so">Lập hồ sơ công việc</h1>
      {source && (
        <p className="wide muted">
          Mở từ văn bản đến {source.document.symbol} — {source.document.subject}; văn bản được đưa vào hồ sơ.
        </p>
      )}
      <Field label="Tiêu đề hồ sơ" error={errors.title} wide>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label="Lĩnh vực">
        {areas && areas.length > 0 ? (
          <select value={field} onChange={(e) => setField(e.target.value)}>
            <option value="">— Chưa chọn lĩnh vực —</option>
            {areas.map((a) => (
              <option key={a.code} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        ) : (
          <input value={field} onChange={(e) => setField(e.target.value)} />
        )}
      </Field>
      <Field label="Theo danh mục hồ sơ" hint={plan.length ? undefined : 'Chưa có danh mục hồ sơ cho năm này'}>
        <select value={planCode} onChange={(e) => setPlanCode(e.target.value)}>
          <option value="">— Không theo danh mục —</option>
          {plan.map((p) => (
            <option key={p.id} value={p.code}>
              {p.code} — {p.title} ({p.retention})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Ngày mở hồ sơ">
        <input type="date" value={openedOn} onChange={(e) => setOpenedOn(e.target.value)} />
      </Field>
      <Field label="Hạn giải quyết" error={errors.deadline}>
        <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      </Field>
      <Field label="Người giải quyết" error={errors.owner}>
        <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">— Chọn —</option>
          {people?.users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Lãnh đạo duyệt" error={errors.approver}>
        <select value={approverId} onChange={(e) => setApproverId(e.target.value)}>
          <option value="">— Chọn —</option>
          {leaders.map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </select>
      </Field>
      <Alert wide>{error}</Alert>
      <div className="actions wide">
        <button type="submit" disabled={busy}>
          {busy ? 'Đang lập…' : 'Lập hồ sơ'}
        </button>
      </div>
    </form>
  );
}
