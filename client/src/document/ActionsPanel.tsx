import { useState, type ReactNode } from 'react';
import { errorText } from '../api/http';
import type { DocumentDetail, IssueResult } from '../api/types';
import { useSession } from '../session';
import { OrgPicker } from '../org/OrgPicker';
import { useLive } from '../realtime';
import { useToast } from '../ui/toasts';
import { DeliveryProgress } from './DeliveryProgress';
import { DirectionForm, type DirectionInput } from './DirectionForm';
import { planActions } from './action-plan';
import { ReasonForm } from './ReasonForm';
import { useOrgPeople } from './useOrgPeople';
import { VersionUpload } from './VersionUpload';
import { QuickSendPicker } from '../groups/QuickSendPicker';

/** 'none', or the action whose form is open (its name in the server's `allowedActions`). */
export type Mode = 'none' | (string & {});

interface Props {
  detail: DocumentDetail;
  mode: Mode;
  setMode: (m: Mode) => void;
  onChanged: () => void;
  /** The sign form lives with the page (it needs the signature box on the rendered PDF). */
  signForm: ReactNode;
}

/** The actions the server allows the current user on this document now (`allowedActions`), and their forms. */
export function ActionsPanel({ detail, mode, setMode, onChanged, signForm }: Props) {
  const { api, user } = useSession();
  const { arrivedAt } = useLive();
  const [issuing, setIssuing] = useState(false);
  const notify = useToast();
  const people = useOrgPeople();
  const [leaderId, setLeaderId] = useState('');
  const [recipients, setRecipients] = useState<string[]>(detail.document.recipients ?? []);
  const [internalUnits, setInternalUnits] = useState<{ id: string; name: string }[]>([]);
  const doc = detail.document;
  const id = doc.id;
  // Numbered by a request that stopped before sealing: finishing it keeps that number and those recipients.
  const resuming = doc.status === 'issuing';
  const issueTotal = resuming ? (doc.recipients?.length ?? 0) : recipients.length;
  const planned = planActions(doc.allowedActions);
  const open = planned.find((p) => p.action === mode);

  const act = async (path: string, body: unknown, done: string) => {
    try {
      await api.post(`/documents/${id}/${path}`, body);
      notify(done, 'success');
      setMode('none');
      onChanged();
    } catch (err) {
      notify(errorText(err), 'error');
    }
  };
  const issue = async (path: string) => {
    setIssuing(true);
    try {
      // A numbered document keeps the recipients fixed when it was numbered.
      const body = resuming ? {} : { recipients, internalUnits: internalUnits.map((u) => u.id) };
      const r = await api.post<IssueResult>(`/documents/${id}/${path}`, body);
      notify(`Đã phát hành văn bản số ${r.symbol}.`, 'success');
      r.warnings.forEach((w) => notify(w, 'info'));
      setMode('none');
      onChanged();
    } catch (err) {
      notify(errorText(err), 'error');
    } finally {
      setIssuing(false);
    }
  };

  const buttons = planned.map((p) => (
    <button key={p.action} type="button" className={p.secondary ? 'secondary' : undefined} onClick={() => (p.form.kind === 'post' ? void act(p.path, p.form.body, p.done) : setMode(p.action))}>
      {p.label}
    </button>
  ));

  const leaders = people?.users.filter((u) => u.roles.includes('leader') && u.id !== user?.id) ?? [];
  if (buttons.length === 0 && !open) return null;
  const form = open?.form;

  return (
    <section className="card actions-card" aria-labelledby="tt-xu-ly">
      <h2 id="tt-xu-ly">Xử lý</h2>
      {planned.some((p) => p.form.kind === 'issue') && (
        <p className="muted">
          {resuming
            ? `Văn bản đã được cấp số ${doc.symbol ?? ''} nhưng chưa đóng dấu và gửi xong. Hoàn tất sẽ đóng dấu số của cơ quan và gửi đến ${doc.recipients?.length ?? 0} nơi nhận đã chốt khi cấp số.`
            : `Phát hành sẽ cấp số, đóng dấu số của cơ quan và gửi đến ${doc.recipients?.length ?? 0} nơi nhận (xem mục Nơi nhận).`}
        </p>
      )}
      {!open && <div className="actions">{buttons}</div>}
      {open && form?.kind === 'choose-leader' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (leaderId) void act(open.path, { leaderId }, open.done);
          }}
        >
          <label>
            Lãnh đạo nhận
            <select value={leaderId} onChange={(e) => setLeaderId(e.target.value)} required autoFocus>
              <option value="">— Chọn lãnh đạo —</option>
              {leaders.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.fullName} — {l.position}
                </option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button type="submit" disabled={!leaderId}>
              Trình
            </button>
            <button type="button" className="secondary" onClick={() => setMode('none')}>
              Hủy
            </button>
          </div>
        </form>
      )}
      {open && form?.kind === 'issue' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void issue(open.path);
          }}
        >
          {!resuming && (
            <>
              <QuickSendPicker onApply={(g) => {
                setRecipients([...new Set([...recipients, ...g.organizations.map((o) => o.code)])]);
                setInternalUnits([...internalUnits, ...g.units.filter((u) => !internalUnits.some((x) => x.id === u.id))]);
              }} />
              <OrgPicker selected={recipients} onChange={setRecipients} exclude={user?.orgCode} legend="Nơi nhận (văn thư chốt trước khi phát hành)" />
            </>
          )}
          {issuing && <DeliveryProgress arrived={arrivedAt(id)} total={issueTotal} />}
          {!resuming && internalUnits.length > 0 && <p>Gửi nội bộ: {internalUnits.map((u) => u.name).join(', ')} <button type="button" className="link" onClick={() => setInternalUnits([])}>Bỏ</button></p>}
          <div className="actions">
            <button type="submit" disabled={issuing}>
              {issuing ? (resuming ? 'Đang hoàn tất…' : 'Đang phát hành…') : `${resuming ? 'Hoàn tất phát hành' : 'Phát hành'} đến ${issueTotal} nơi nhận`}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('none')}>
              Hủy
            </button>
          </div>
        </form>
      )}
      {open && form?.kind === 'reason' && (
        <ReasonForm label={form.reasonLabel} submitLabel={form.submitLabel} onCancel={() => setMode('none')} onSubmit={(reason) => act(open.path, { ...form.body, reason }, open.done)} />
      )}
      {open && form?.kind === 'direction' && people && (
        <DirectionForm people={people} onCancel={() => setMode('none')} onSubmit={(input: DirectionInput) => act(open.path, input, open.done)} />
      )}
      {open && form?.kind === 'version' && (
        <VersionUpload
          documentId={id}
          onCancel={() => setMode('none')}
          onDone={() => {
            setMode('none');
            onChanged();
          }}
        />
      )}
      {open && form?.kind === 'sign' && signForm}
    </section>
  );
}
