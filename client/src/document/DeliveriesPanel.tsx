import type { Delivery } from '../api/types';
import { dateTimeVn } from '../format';

export function DeliveriesPanel({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return null;
  return (
    <section className="card" aria-labelledby="tt-gui-nhan">
      <h2 id="tt-gui-nhan">Tình trạng gửi, nhận</h2>
      <ul className="deliveries">
        {deliveries.map((d) => (
          <li key={d.id} data-testid="delivery">
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
        ))}
      </ul>
    </section>
  );
}
