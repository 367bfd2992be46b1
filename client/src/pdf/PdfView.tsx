import { useEffect, useRef, useState, type ReactNode } from 'react';
import { openPdf, type PdfDocument } from './pdfjs';

export interface PageGeometry {
  page: number;
  /** CSS pixels per PDF point. */
  scale: number;
  /** Page size in PDF points. */
  widthPt: number;
  heightPt: number;
}

interface Props {
  bytes: ArrayBuffer | null;
  label: string;
  maxPages?: number;
  /** Called with the opened document, and with null once it is closed (it must not be used after). */
  onDocument?: (doc: PdfDocument | null) => void;
  /** Drawn over each rendered page (e.g. the draggable signature box). */
  overlay?: (geometry: PageGeometry) => ReactNode;
}

/** Renders every page of a PDF to canvases that fit the container's width (re-rendered on resize). */
export function PdfView({ bytes, label, maxPages = 30, onDocument, overlay }: Props) {
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const onDocumentRef = useRef(onDocument);
  onDocumentRef.current = onDocument;

  useEffect(() => {
    if (!bytes) return;
    let live = true;
    let opened: PdfDocument | null = null;
    setError(null);
    openPdf(bytes)
      .then((d) => {
        opened = d;
        if (!live) return void d.destroy();
        setDoc(d);
        onDocumentRef.current?.(d);
      })
      .catch(() => live && setError('Không hiển thị được tệp PDF này.'));
    return () => {
      live = false;
      setDoc(null);
      if (opened) onDocumentRef.current?.(null);
      void opened?.destroy();
    };
  }, [bytes]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  const pages = doc ? Array.from({ length: Math.min(doc.numPages, maxPages) }, (_, i) => i + 1) : [];
  return (
    <div className="pdf-view" ref={box} role="region" aria-label={label}>
      {!bytes && <p className="muted">Chưa có tệp.</p>}
      {bytes && !doc && !error && <p className="muted">Đang hiển thị tệp…</p>}
      {error && <p className="error">{error}</p>}
      {doc && width > 0 && pages.map((n) => <PdfPage key={n} doc={doc} page={n} width={width} overlay={overlay} />)}
      {doc && doc.numPages > maxPages && <p className="muted">Chỉ hiển thị {maxPages} trang đầu trên tổng số {doc.numPages} trang.</p>}
    </div>
  );
}

function PdfPage({ doc, page, width, overlay }: { doc: PdfDocument; page: number; width: number; overlay?: Props['overlay'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [geometry, setGeometry] = useState<PageGeometry | null>(null);

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    // A closed document (new bytes arrived) rejects: nothing to draw then.
    void (async () => {
      const p = await doc.getPage(page);
      if (cancelled || !canvas.current) return;
      const base = p.getViewport({ scale: 1 });
      const scale = width / base.width;
      const viewport = p.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      const c = canvas.current;
      c.width = Math.floor(viewport.width * ratio);
      c.height = Math.floor(viewport.height * ratio);
      c.style.width = `${Math.floor(viewport.width)}px`;
      c.style.height = `${Math.floor(viewport.height)}px`;
      setGeometry({ page, scale, widthPt: base.width, heightPt: base.height });
      task = p.render({ canvas: c, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await task.promise.catch(() => undefined);
      if (!cancelled) c.dataset.rendered = 'true';
    })().catch(() => undefined);
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, width]);

  return (
    <div className="pdf-page" data-page={page}>
      <canvas ref={canvas} aria-label={`Trang ${page}`} role="img" />
      {geometry && overlay?.(geometry)}
    </div>
  );
}
