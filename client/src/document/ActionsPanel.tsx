import { useState, type ReactNode } from 'react';
import { errorText } from '../api/http';
import type { DocumentDetail } from '../api/types';
import { hasRole, useSession } from '../session';
import { OrgPicker } from '../org/OrgPicker';
import { useLive } from '../realtime';
import { useToast } from '../ui/toasts';
import { DirectionForm, type DirectionInput } from './DirectionForm';
import { ReasonForm } from './ReasonForm';
import { useOrgPeople } from './useOrgPeople';
import { VersionUpload } from './VersionUpload';
import { QuickSendPicker } from '../groups/QuickSendPicker';

export type Mode = 'none' | 'submit' | 'return' | 'direct' | 'sign' | 'version' | 'recall' | 'refuse-recall' | 'issue';

interface Props {
  detail: DocumentDetail;
  mode: Mode;
  setMode: (m: Mode) => void;
  onChanged: () => void;
  /** The sign form lives with the page (it needs the signature box on the rendered PDF). */
  signForm: ReactNode;
}

/** What the current user may do with this document now, by status and role. */
export function ActionsPanel({ detail, mode, setMode, onChanged, signForm }: Props) {
  const { api, user } = useSession();
  const { inbox } = useLive();
  const notify = useToast();
  const people = useOrgPeople();
  const [leaderId, setLeaderId] = useState('');
  const [recipients, setRecipients] = useState<string[]>(detail.document.recipients ?? []);
  const [internalUnits, setInternalUnits] = useState<{ id: string; name: string }[]>([]);
  const issue = async () => {
    try {
      const r = await api.post<{ symbol: string; warnings: string[] }>(`/documents/${id}/issue`, { recipients, internalUnits: internalUnits.map((u) => u.id) });
      notify(`Đã phát hành văn bản số ${r.symbol}.`, 'success');
      r.warnings.forEach((w) => notify(w, 'info'));
      setMode('none');
      onChanged();
    } catch (err) {
      notify(errorText(err), 'error');
    }
  };
  const doc = detail.document;
  const id = doc.id;
  const clerk = hasRole(user, 'clerk');
  const myLeaderTurn = hasRole(user, 'leader') && doc.leaderId === user?.id;
  const incoming = doc.direction === 'incoming';

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

  const buttons: ReactNode[] = [];
  const add = (key: Mode | string, label: string, onClick: () => void, primary = true) =>
    buttons.push(
      <button key={key} type="button" className={primary ? undefined : 'secondary'} onClick={onClick}>
        {label}
      </button>,
    );

  // Issued inside the agency to my unit or to me: confirm receipt.
  if (inbox?.items.some((i) => i.section === 'internal' && i.document.id === id)) add('acknowledge', 'Xác nhận đã nhận', () => void act('acknowledge', {}, 'Đã xác nhận nhận văn bản.'));
  if (incoming && doc.status === 'pending' && clerk) {
    add('accept', 'Tiếp nhận, vào sổ', () => void act('accept', {}, 'Đã tiếp nhận và vào sổ văn bản đến.'));
    add('return', 'Trả lại nơi gửi', () => setMode('return'), false);
  }
  if (incoming && doc.status === 'registered' && clerk) add('submit', 'Trình lãnh đạo', () => setMode('submit'));
  if (incoming && doc.status === 'submitted' && myLeaderTurn) add('direct', 'Cho ý kiến chỉ đạo', () => setMode('direct'));
  if (incoming && doc.status === 'withdrawn' && clerk) {
    add('recall-ok', 'Đồng ý thu hồi', () => void act('recall-response', { accept: true }, 'Đã xác nhận thu hồi.'));
    add('refuse-recall', 'Từ chối thu hồi', () => setMode('refuse-recall'), false);
  }
  if (!incoming && (doc.status === 'draft' || doc.status === 'returned') && !myLeaderTurn) {
    add('submit', 'Trình ký', () => setMode('submit'));
    add('version', 'Tải lên phiên bản mới', () => setMode('version'), false);
  }
  if (!incoming && (doc.status === 'submitted' || doc.status === 'approved') && myLeaderTurn) {
    add('sign', 'Ký số', () => setMode('sign'));
    if (doc.status === 'submitted') add('approve', 'Duyệt', () => void act('approve', {}, 'Đã duyệt dự thảo.'), false);
    add('return', 'Trả lại, yêu cầu sửa', () => setMode('return'), false);
  }
  if (!incoming && doc.status === 'signed' && clerk) add('issue', 'Cấp số và phát hành', () => setMode('issue'));
  if (!incoming && doc.status === 'issued' && clerk) add('recall', 'Thu hồi văn bản', () => setMode('recall'), false);

  const leaders = people?.users.filter((u) => u.roles.includes('leader') && u.id !== user?.id) ?? [];
  if (buttons.length === 0 && mode === 'none') return null;

  return (
    <section className="card actions-card" aria-labelledby="tt-xu-ly">
      <h2 id="tt-xu-ly">Xử lý</h2>
      {!incoming && doc.status === 'signed' && clerk && (
        <p className="muted">Phát hành sẽ cấp số, đóng dấu số của cơ quan và gửi đến {doc.recipients?.length ?? 0} nơi nhận (xem mục Nơi nhận).</p>
      )}
      {mode === 'none' && <div className="actions">{buttons}</div>}
      {mode === 'submit' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (leaderId) void act('submit', { leaderId }, 'Đã trình lãnh đạo.');
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
      {mode === 'issue' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void issue();
          }}
        >
          <QuickSendPicker onApply={(g) => {
            setRecipients([...new Set([...recipients, ...g.organizations.map((o) => o.code)])]);
            setInternalUnits([...internalUnits, ...g.units.filter((u) => !internalUnits.some((x) => x.id === u.id))]);
          }} />
          <OrgPicker selected={recipients} onChange={setRecipients} exclude={user?.orgCode} legend="Nơi nhận (văn thư chốt trước khi phát hành)" />
          {internalUnits.length > 0 && <p>Gửi nội bộ: {internalUnits.map((u) => u.name).join(', ')} <button type="button" className="link" onClick={() => setInternalUnits([])}>Bỏ</button></p>}
          <div className="actions">
            <button type="submit">Phát hành đến {recipients.length} nơi nhận</button>
            <button type="button" className="secondary" onClick={() => setMode('none')}>
              Hủy
            </button>
          </div>
        </form>
      )}
      {mode === 'return' && <ReasonForm label="Lý do trả lại" submitLabel="Trả lại" onCancel={() => setMode('none')} onSubmit={(reason) => act('return', { reason }, 'Đã trả lại.')} />}
      {mode === 'recall' && <ReasonForm label="Lý do thu hồi" submitLabel="Thu hồi" onCancel={() => setMode('none')} onSubmit={(reason) => act('recall', { reason }, 'Đã gửi yêu cầu thu hồi.')} />}
      {mode === 'refuse-recall' && (
        <ReasonForm label="Lý do từ chối" submitLabel="Từ chối thu hồi" onCancel={() => setMode('none')} onSubmit={(reason) => act('recall-response', { accept: false, reason }, 'Đã từ chối thu hồi.')} />
      )}
      {mode === 'direct' && people && (
        <DirectionForm people={people} onCancel={() => setMode('none')} onSubmit={(input: DirectionInput) => act('direction', input, 'Đã giao xử lý.')} />
      )}
      {mode === 'version' && (
        <VersionUpload
          documentId={id}
          onCancel={() => setMode('none')}
          onDone={() => {
            setMode('none');
            onChanged();
          }}
        />
      )}
      {mode === 'sign' && signForm}
    </section>
  );
}
