import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { PageGeometry } from '../pdf/PdfView';

/** Where the signature image goes, in PDF points (origin bottom-left, like the API's rect). */
export interface Placement {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** False while it is still the proposal over the signer's printed name (the server's default). */
  moved: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/** The signature position drawn on the rendered page: drag it with the pointer, or move it with the arrow keys. */
export function SignatureBox({ geometry, placement, onMove }: { geometry: PageGeometry; placement: Placement; onMove: (p: Placement) => void }) {
  const drag = useRef<{ px: number; py: number; x: number; y: number } | null>(null);
  if (geometry.page !== placement.page) return null;
  const s = geometry.scale;
  const move = (x: number, y: number) =>
    onMove({ ...placement, x: clamp(x, 0, geometry.widthPt - placement.width), y: clamp(y, 0, geometry.heightPt - placement.height), moved: true });

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { px: e.clientX, py: e.clientY, x: placement.x, y: placement.y };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    // Screen y grows downwards, PDF y upwards.
    move(d.x + (e.clientX - d.px) / s, d.y - (e.clientY - d.py) / s);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 20 : 5;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const dd = delta[e.key];
    if (!dd) return;
    e.preventDefault();
    move(placement.x + dd[0], placement.y + dd[1]);
  };

  return (
    <div
      className="signature-box"
      role="slider"
      tabIndex={0}
      aria-label="Vị trí chữ ký: kéo thả hoặc dùng phím mũi tên để di chuyển"
      aria-valuetext={`Trang ${placement.page}, cách lề trái ${Math.round(placement.x)} điểm, cách lề dưới ${Math.round(placement.y)} điểm`}
      data-testid="signature-box"
      style={{
        left: placement.x * s,
        top: (geometry.heightPt - placement.y - placement.height) * s,
        width: placement.width * s,
        height: placement.height * s,
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onKeyDown={onKeyDown}
    >
      <span>Chữ ký số</span>
    </div>
  );
}
