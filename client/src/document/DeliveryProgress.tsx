/** How far a document has got to its recipients while it is being sent (issue to hundreds of agencies). */
export function DeliveryProgress({ arrived, total }: { arrived: number; total: number }) {
  const done = Math.min(arrived, total);
  return (
    <div className="delivery-progress" role="status" aria-live="polite">
      <progress value={done} max={Math.max(total, 1)} aria-label="Tiến độ gửi văn bản" />
      <span>
        {done >= total && total > 0 ? `Đã đến đủ ${total} nơi nhận` : `Đang gửi: đã đến ${done}/${total} nơi nhận`}
      </span>
    </div>
  );
}
