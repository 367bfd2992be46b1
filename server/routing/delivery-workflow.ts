import { canTake, type TransitionContext, type TransitionTable } from '../shared/transitions';
import { deliveryStatusText, type DeliveryStatus } from './delivery-codes';

/**
 * How a delivery's edXML status (QCVN 102:2016) may move. Deliveries are moved by the system as
 * the recipient handles its copy (accept → 03, direct → 04, progress → 05, complete → 06) and by
 * a recall (13 → 15/16), so the action is the status the delivery moves to and no role is needed;
 * a move the table does not allow is ignored (a late "in progress" must not undo "completed").
 */
export type DeliveryContext = TransitionContext<DeliveryStatus>;

/** Return and recall statuses stand outside the processing order: processing may resume after them. */
const OUTSIDE: DeliveryStatus[] = ['02', '13', '15', '16'];
const ALL: DeliveryStatus[] = ['01', '02', '03', '04', '05', '06', '13', '15', '16'];

const move = (to: DeliveryStatus, from: DeliveryStatus[]) => ({ action: to, label: deliveryStatusText[to], from: from.filter((s) => s !== to), to, roles: [] });

export const deliveryTable: TransitionTable<DeliveryStatus, DeliveryStatus, DeliveryContext> = [
  move('02', ['01']),
  move('03', ['01', ...OUTSIDE]),
  move('04', ['01', '03', ...OUTSIDE]),
  move('05', ['01', '03', '04', ...OUTSIDE]),
  move('06', ['01', '03', '04', '05', ...OUTSIDE]),
  move('13', ALL),
  move('15', ['13']),
  move('16', ['13']),
];

export function deliveryMayMove(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return canTake(deliveryTable, to, { state: from, roles: [] });
}
