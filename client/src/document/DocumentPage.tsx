import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http';
import type { DocumentDetail, HistoryItem, SignatureReport } from '../api/types';
import { dateTimeVn } from '../format';
import { PdfView } from '../pdf/PdfView';
import { findText, type PdfDocument } from '../pdf/pdfjs';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { useToast } from '../ui/toasts';
import { ActionsPanel, type Mode } from './ActionsPanel';
import { AssignmentsPanel } from './AssignmentsPanel';
import { BookmarkPanel } from './BookmarkPanel';
import { DeliveriesPanel } from './DeliveriesPanel';
import { ExchangePanel } from './ExchangePanel';
import { HistoryPanel } from './HistoryPanel';
import { MetaPanel } from './MetaPanel';
import { SignatureBox, type Placement } from './SignatureBox';
import { SignaturePanel } from './SignaturePanel';
import { SignForm } from './SignForm';
import { ReplyPanel } from './ReplyPanel';
import { ConsultPanel } from './ConsultPanel';
import { AccessGrantsPanel } from './AccessGrantsPanel';
import { ExternalSignButtons } from '../signing/ExternalSignButtons';

const SIG_W = 160;
const SIG_H = 64;

export function DocumentPage({ id }: { id: string }) {
  const { api, user } = useSession();
  const { tick, refresh } = useLive();
  const notify = useToast();
  const [detail, setDetail] = useState<DocumentDetail | null>(null);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [bytes, setBytes] = useState<ArrayBuffer | null>(null);
  const [report, setReport] = useState<SignatureReport | null>(null);
  const [reportError, setReportError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('none');
  const [pdf, setPdf] = useState<PdfDocument | null>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const [reload, setReload] = useState(0);

  const load = useCallback(async () => {
    try {
      const d = await api.get<DocumentDetail>(`/documents/${id}`);
      setDetail(d);
      setError(null);
      void api.get<{ items: HistoryItem[] }>(`/documents/${id}/history`).then((h) => setHistory(h.items)).catch(() => undefined);
      return d;
    } catch (err) {
      setError(errorText(err));
      return null;
    }
  }, [api, id]);

  useEffect(() => {
    void load();
  }, [load, tick, reload]);

  // The file changes only with a new version (uploads, signing and issuing each add one).
  const fileKey = detail ? `${detail.document.currentVersion}-${detail.document.hasFile}` : null;
  useEffect(() => {
    if (!detail || !detail.document.hasFile) return;
    let live = true;
    setReport(null);
    setReportError(null);
    api.bytes(`/documents/${id}/file`).then((b) => live && setBytes(b)).catch((err) => live && setError(errorText(err)));
    api
      .get<SignatureReport>(`/documents/${id}/signatures`)
      .then((r) => live && setReport(r))
      .catch((err) => live && setReportError(errorText(err)));
    return () => {
      live = false;
    };
  }, [api, id, fileKey]);

  // Entering sign mode: propose the box over the leader's printed name, else bottom-right of the last page.
  useEffect(() => {
    if (mode !== 'sign') return setPlacement(null);
    if (!pdf || !user) return;
    let live = true;
    void (async () => {
      const found = await findText(pdf, user.fullName);
      const page = found?.page ?? pdf.numPages;
      const view = (await pdf.getPage(page)).getViewport({ scale: 1 });
      const x = found ? found.x + found.width / 2 - SIG_W / 2 : view.width - SIG_W - 60;
      const y = found ? found.y + found.height + 4 : 120;
      // A position the leader already chose survives a reload of the same file.
      if (live) setPlacement((old) => (old?.moved && old.page <= pdf.numPages ? old : { page, x: Math.max(0, x), y, width: SIG_W, height: SIG_H, moved: false }));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [mode, pdf, user]);

  const changed = () => {
    setReload((r) => r + 1);
    void refresh();
  };

  const sign = async (pin: string) => {
    const body = placement?.moved ? { pin, page: placement.page, rect: [placement.x, placement.y, placement.width, placement.height].map((n) => Math.round(n * 100) / 100) } : { pin };
    await api.post(`/documents/${id}/sign`, body);
    notify('Đã ký số văn bản.', 'success');
    setMode('none');
    changed();
  };

  if (error && !detail) return <p className="error" role="alert">{error}</p>;
  if (!detail) return <p className="loading">Đang tải…</p>;
  const doc = detail.document;
  return (
    <div className="document-page">
      <header className="doc-header">
        <p className="crumbs">{doc.direction === 'incoming' ? 'Văn bản đến' : 'Văn bản đi'}</p>
        <h1>{doc.subject}</h1>
        <p className="doc-meta">
          <span className="tag status" data-testid="doc-status">
            {doc.statusText}
          </span>
          {doc.symbol && <span>{doc.symbol}</span>}
          {doc.urgency !== 'normal' && <span className="tag urgent">{doc.urgencyText}</span>}
          {doc.updatedAt && <span>Cập nhật {dateTimeVn(doc.updatedAt)}</span>}
        </p>
        {detail.heldBy !== undefined && (
          <p className="warning" data-testid="held-by-notice">
            Văn bản của {detail.heldBy} (đã sáp nhập vào cơ quan mình): chỉ để tra cứu, không xử lý tiếp.
          </p>
        )}
      </header>
      <div className="doc-columns">
        <section className="card pdf-card" aria-label="Nội dung văn bản">
          {doc.hasFile && (
            <div className="actions pdf-tools">
              <button type="button" className="secondary" onClick={() => void api.download(`/documents/${id}/file`, doc.fileName ?? 'van-ban.pdf').catch((err) => notify(errorText(err), 'error'))}>
                Tải tệp PDF
              </button>
            </div>
          )}
          {doc.hasFile ? (
            <PdfView
              bytes={bytes}
              label="Tệp văn bản"
              onDocument={setPdf}
              overlay={mode === 'sign' && placement ? (g) => <SignatureBox geometry={g} placement={placement} onMove={setPlacement} /> : undefined}
            />
          ) : (
            <p className="muted">Văn bản không có tệp điện tử (văn bản mật hoặc chỉ đăng ký thông tin).</p>
          )}
        </section>
        <div className="doc-side">
          <ActionsPanel detail={detail} mode={mode} setMode={setMode} onChanged={changed} signForm={
            <>
              <SignForm placement={placement} onSign={sign} onCancel={() => setMode('none')} />
              <ExternalSignButtons
                documentId={id}
                placement={placement?.moved ? { page: placement.page, rect: [placement.x, placement.y, placement.width, placement.height].map((n) => Math.round(n * 100) / 100) } : {}}
                onSigned={() => {
                  notify('Đã ký số văn bản.', 'success');
                  setMode('none');
                  changed();
                }}
              />
            </>
          } />
          <BookmarkPanel documentId={id} />
          <MetaPanel doc={doc} />
          <ReplyPanel detail={detail} />
          <ConsultPanel detail={detail} />
          {doc.hasFile && <SignaturePanel report={report} error={reportError} />}
          <AssignmentsPanel detail={detail} onChanged={changed} />
          <DeliveriesPanel deliveries={detail.deliveries} expected={detail.document.direction === 'outgoing' && detail.document.status === 'issued' ? detail.document.recipients?.length : undefined} />
          <ExchangePanel doc={doc} />
          <AccessGrantsPanel detail={detail} />
          {detail.versions.length > 1 && (
            <section className="card" aria-labelledby="tt-phien-ban">
              <h2 id="tt-phien-ban">Các phiên bản</h2>
              <ol className="timeline small">
                {detail.versions.map((v) => (
                  <li key={v.version}>
                    <time dateTime={v.createdAt}>{dateTimeVn(v.createdAt)}</time>
                    <span>
                      Phiên bản {v.version}
                      {v.note ? `: ${v.note}` : ''}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {detail.comments.length > 0 && (
            <section className="card" aria-labelledby="tt-y-kien">
              <h2 id="tt-y-kien">Ý kiến</h2>
              <ul className="timeline small">
                {detail.comments.map((c) => (
                  <li key={c.id}>
                    <time dateTime={c.createdAt}>{dateTimeVn(c.createdAt)}</time>
                    <span>{c.body}</span>
                    <small className="muted">{c.author}</small>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <HistoryPanel items={history} />
        </div>
      </div>
    </div>
  );
}
