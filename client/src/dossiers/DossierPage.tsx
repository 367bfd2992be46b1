import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { useOrgPeople } from '../document/useOrgPeople';
import { ReasonForm } from '../document/ReasonForm';
import { dateTimeVn, dateVn } from '../format';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { FileDrop } from '../ui/FileDrop';
import { Link } from '../ui/Link';
import { useToast } from '../ui/toasts';
import { statusTone, type DossierView } from './dossier-format';
import { LinkDialog } from './LinkDialog';

type Pending = { action: string; label: string; needsReason: boolean } | null;

/** One dossier: what may be done now, its documents, sub-dossiers, files, opinions and history. */
export function DossierPage({ id }: { id: string }) {
  const { api, user } = useSession();
  const { tick } = useLive();
  const notify = useToast();
  const people = useOrgPeople();
  const [d, setD] = useState<DossierView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [transferTo, setTransferTo] = useState('');
  const [linking, setLinking] = useState(false);
  const [opinion, setOpinion] = useState('');
  const [forwardTo, setForwardTo] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [pin, setPin] = useState('');
  const [signing, setSigning] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setD(await api.get<DossierView>(`/dossiers/${id}`));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [api, id]);
  useEffect(() => {
    void load();
  }, [load, tick]);

  const run = async (work: () => Promise<DossierView>, done: string) => {
    try {
      setD(await work());
      notify(done, 'success');
      return true;
    } catch (err) {
      notify(errorText(err), 'error');
      return false;
    }
  };

  const act = async (action: string, body: Record<string, unknown>, label: string) => {
    if (await run(() => api.post<DossierView>(`/dossiers/${id}/actions/${action}`, body), `${label}: xong.`)) setPending(null);
  };

  if (error && !d) return <p className="error" role="alert">{error}</p>;
  if (!d) return <p className="loading">Đang tải…</p>;
  const participant = user && [d.owner.id, d.approver.id, ...d.coordinators.map((c) => c.id)].includes(user.id);
  const open = ['created', 'in_progress', 'returned', 'refused'].includes(d.status);
  const colleagues = people?.users.filter((u) => u.id !== user?.id) ?? [];

  const addOpinion = async (e: FormEvent) => {
    e.preventDefault();
    if (opinion.trim().length < 2) return notify('Nhập nội dung ý kiến.', 'error');
    if (await run(() => api.post<DossierView>(`/dossiers/${id}/opinions`, { body: opinion.trim(), forwardTo: forwardTo || undefined }), 'Đã ghi ý kiến.')) {
      setOpinion('');
      setForwardTo('');
    }
  };
  const upload = async () => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    if (await run(() => api.upload<DossierView>(`/dossiers/${id}/attachments`, form), 'Đã thêm tệp.')) setFile(null);
  };

  return (
    <div className="document-page dossier-page">
      <header className="doc-header">
        <p className="crumbs">
          <Link to="/ho-so">Hồ sơ công việc</Link>
          {d.parentId && (
            <>
              {' '}
              › <Link to={`/ho-so/${d.parentId}`}>Hồ sơ cha</Link>
            </>
          )}
        </p>
        <h1>{d.title}</h1>
        <p className="doc-meta">
          <span className={`tag status ${statusTone(d.status)}`} data-testid="dossier-status">
            {d.statusText}
          </span>
          {d.code && <span>{d.code}</span>}
          {d.deadline && <span className={d.overdue ? 'deadline late' : 'deadline'}>Hạn {dateVn(d.deadline)}{d.overdue ? ' (quá hạn)' : ''}</span>}
          {d.archived && <span className="tag">Đã nộp lưu</span>}
        </p>
      </header>
      <div className="doc-columns">
        <div className="doc-main">
          <section className="card" aria-labelledby="hs-van-ban">
            <h2 id="hs-van-ban">Văn bản trong hồ sơ ({d.links.length})</h2>
            <ul className="doc-list">
              {d.links.map((l) => (
                <li key={l.documentId}>
                  <Link to={`/van-ban/${l.documentId}`} className="doc-link">
                    <span className="doc-subject">{l.subject}</span>
                    <span className="doc-meta">
                      <span className="tag">{l.direction === 'incoming' ? 'Văn bản đến' : l.status === 'issued' ? 'Văn bản đi' : 'Dự thảo'}</span>
                      {l.symbol && <span>{l.symbol}</span>}
                      {l.date && <span>{dateVn(l.date)}</span>}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            {participant && open && !linking && (
              <button type="button" className="secondary" onClick={() => setLinking(true)}>
                Thêm văn bản
              </button>
            )}
            {linking && (
              <LinkDialog
                onClose={() => setLinking(false)}
                onLink={async (documentId) => {
                  setD(await api.post<DossierView>(`/dossiers/${id}/links`, { documentId }));
                  notify('Đã thêm văn bản vào hồ sơ.', 'success');
                  setLinking(false);
                }}
              />
            )}
            <div className="actions">
              <button type="button" className="secondary" onClick={() => void api.download(`/dossiers/${id}/contents?format=pdf`, 'muc-luc.pdf', true).catch((err) => notify(errorText(err), 'error'))}>
                In mục lục văn bản
              </button>
            </div>
          </section>
          <section className="card" aria-labelledby="hs-y-kien">
            <h2 id="hs-y-kien">Ý kiến xử lý</h2>
            <ul className="timeline small">
              {d.opinions.map((o) => (
                <li key={o.id}>
                  <time dateTime={o.createdAt}>{dateTimeVn(o.createdAt)}</time>
                  <span className="pre">{o.body}</span>
                  <small className="muted">
                    {o.author}
                    {o.forwardedTo ? ` → ${o.forwardedTo}` : ''}
                  </small>
                </li>
              ))}
            </ul>
            {participant && (
              <form className="inline-form" onSubmit={addOpinion}>
                <label>
                  Ý kiến của bạn
                  <textarea rows={2} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
                </label>
                <label>
                  Gửi cho đồng nghiệp (không bắt buộc)
                  <select value={forwardTo} onChange={(e) => setForwardTo(e.target.value)}>
                    <option value="">— Không —</option>
                    {colleagues.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.fullName}
                      </option>
                    ))}
                  </select>
                </label>
                <FormActions label="Ghi ý kiến" />
              </form>
            )}
          </section>
          <section className="card" aria-labelledby="hs-tep">
            <h2 id="hs-tep">Tệp đính kèm</h2>
            <ul className="doc-list">
              {d.attachments.map((a) => (
                <li key={a.id} className="found">
                  <button type="button" className="link-button" onClick={() => void api.download(`/dossiers/${id}/attachments/${a.id}/file`, a.fileName, true).catch((err) => notify(errorText(err), 'error'))}>
                    {a.fileName}
                  </button>
                  {a.signedBy ? <span className="tag ok">Đã ký: {a.signedBy}</span> : user?.id === d.approver.id && <button type="button" className="secondary" onClick={() => setSigning(a.id)}>Ký số</button>}
                  {signing === a.id && (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void run(() => api.post<DossierView>(`/dossiers/${id}/attachments/${a.id}/sign`, { pin }), 'Đã ký số tệp.').then((ok) => ok && (setSigning(null), setPin('')));
                      }}
                    >
                      <label>
                        Mã PIN
                        <input type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
                      </label>
                      <FormActions label="Ký" onCancel={() => setSigning(null)} />
                    </form>
                  )}
                </li>
              ))}
            </ul>
            {participant && open && (
              <div className="inline-form">
                <FileDrop file={file} onFile={setFile} label="Thêm tệp PDF" />
                {file && (
                  <button type="button" onClick={() => void upload()}>
                    Tải lên
                  </button>
                )}
              </div>
            )}
          </section>
        </div>
        <div className="doc-side">
          <section className="card actions-card" aria-labelledby="hs-thao-tac">
            <h2 id="hs-thao-tac">Xử lý hồ sơ</h2>
            {d.statusReason && <p className="warning">Lý do: {d.statusReason}</p>}
            {d.allowedActions.length === 0 && <p className="muted">Không có thao tác nào cho bạn ở trạng thái này.</p>}
            {!pending && (
              <div className="actions">
                {d.allowedActions.map((a) => (
                  <button
                    key={a.action}
                    type="button"
                    className={a.action === 'cancel' || a.action === 'refuse' ? 'secondary danger' : a.action === 'transfer' ? 'secondary' : undefined}
                    onClick={() => (a.needsReason || a.action === 'transfer' ? setPending(a) : void act(a.action, {}, a.label))}
                  >
                    {a.label}
                  </button>
                ))}
              </div>
            )}
            {pending?.action === 'transfer' && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (transferTo) void act('transfer', { toUserId: transferTo }, pending.label);
                }}
              >
                <label>
                  Chuyển cho
                  <select value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                    <option value="">— Chọn —</option>
                    {colleagues.filter((u) => u.id !== d.owner.id).map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.fullName}
                      </option>
                    ))}
                  </select>
                </label>
                <FormActions label="Chuyển" onCancel={() => setPending(null)} />
              </form>
            )}
            {pending && pending.action !== 'transfer' && <ReasonForm label={`Lý do ${pending.label.toLowerCase()}`} submitLabel={pending.label} onSubmit={(reason) => act(pending.action, { reason }, pending.label)} onCancel={() => setPending(null)} />}
            {user?.id === d.owner.id && open && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (progress !== null) void run(() => api.post<DossierView>(`/dossiers/${id}/progress`, { progress }), 'Đã cập nhật tiến độ.');
                }}
              >
                <label>
                  Tiến độ (%)
                  <input type="number" min={0} max={100} value={progress ?? d.progress} onChange={(e) => setProgress(Math.max(0, Math.min(100, Number(e.target.value))))} />
                </label>
                <FormActions label="Cập nhật tiến độ" />
              </form>
            )}
            {participant && (
              <p>
                <Link to={`/ho-so/moi?ho-so-cha=${d.id}`}>Lập hồ sơ con</Link>
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="hs-thong-tin">
            <h2 id="hs-thong-tin">Thông tin hồ sơ</h2>
            <dl className="meta">
              <div><dt>Người giải quyết</dt><dd>{d.owner.name}</dd></div>
              <div><dt>Lãnh đạo duyệt</dt><dd>{d.approver.name}</dd></div>
              {d.coordinators.length > 0 && <div><dt>Phối hợp</dt><dd>{d.coordinators.map((c) => c.name).join(', ')}</dd></div>}
              <div><dt>Lĩnh vực</dt><dd>{d.field ?? '—'}</dd></div>
              <div><dt>Ngày mở</dt><dd>{dateVn(d.openedOn)}</dd></div>
              {d.closedOn && <div><dt>Ngày kết thúc</dt><dd>{dateVn(d.closedOn)}</dd></div>}
              <div><dt>Tiến độ</dt><dd><progress max={100} value={d.progress} aria-label="Tiến độ" /> {d.progress}%</dd></div>
              <div><dt>Danh mục hồ sơ</dt><dd>{d.filePlanCode ?? '—'}</dd></div>
              <div><dt>Thời hạn bảo quản</dt><dd>{d.retention}</dd></div>
              {d.notes && <div><dt>Ghi chú</dt><dd>{d.notes}</dd></div>}
            </dl>
          </section>
          {d.children.length > 0 && (
            <section className="card" aria-labelledby="hs-con">
              <h2 id="hs-con">Hồ sơ con</h2>
              <ul className="doc-list">
                {d.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/ho-so/${c.id}`} className="doc-link">
                      <span className="doc-subject">{c.title}</span>
                      <span className="doc-meta">{c.statusText}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="card" aria-labelledby="hs-lich-su">
            <h2 id="hs-lich-su">Lịch sử</h2>
            <ol className="timeline small">
              {d.history.map((h, i) => (
                <li key={i}>
                  <time dateTime={h.at}>{dateTimeVn(h.at)}</time>
                  <span>{h.summary}</span>
                  {h.actor && <small className="muted">{h.actor}</small>}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}
