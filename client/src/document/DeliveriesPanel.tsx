import type { Delivery } from '../api/types';
import { dateTimeVn } from '../format';
import { DeliveryProgress } from './DeliveryProgress';

/** Past this many recipients the list starts folded, under a summary by status. */
const FOLD_AFTER = 20;

function DeliveryItem({ d }: { d: Delivery }) {
  return (
    <li data-testid="delivery">
      <div className="sig-head">
        <strong>{d.orgName}</strong>
        <span className="tag">{d.statusText}</span>
      </div>
      {d.reason && <div className="muted">Lý do: {d.reason}</div>}
      <ol className="timeline small">
        {d.timeline.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{dateTimeVn(e.at)}</time>
            <span>{e.statusText}</span>
            {e.by && <small className="muted">{e.by}</small>}
          </li>
        ))}
      </ol>
    </li>
  );
}

/**
 * Where each copy stands, with its timeline. `expected` (the issued document's recipients) shows
 * progress while copies are still going out; a long list is summarised by status and folded.
 */
export function DeliveriesPanel({ deliveries, expected }: { deliveries: Delivery[]; expected?: number }) {
  const sending = expected !== undefined && deliveries.length < expected;
  if (deliveries.length === 0 && !sending) return null;
  const byStatus = new Map<string, number>();
  for (const d of deliveries) byStatus.set(d.statusText, (byStatus.get(d.statusText) ?? 0) + 1);
  const list = (
    <ul className="deliveries">
      {deliveries.map((d) => (
        <DeliveryItem key={d.id} d={d} />
      ))}
    </ul>
  );
  return (
    <section className="card" aria-labelledby="tt-gui-nhan">
      <h2 id="tt-gui-nhan">Tình trạng gửi, nhận</h2>
      {sending && <DeliveryProgress arrived={deliveries.length} total={expected} />}
      {deliveries.length > FOLD_AFTER ? (
        <>
          <ul className="delivery-summary" aria-label="Tổng hợp theo tình trạng">
            {[...byStatus].map(([text, n]) => (
              <li key={text}>
                <span className="tag">{text}</span> {n} nơi nhận
              </li>
            ))}
          </ul>
          <details>
            <summary>Xem từng nơi nhận ({deliveries.length})</summary>
            {list}
          </details>
        </>
      ) : (
        list
      )}
    </section>
  );
}
