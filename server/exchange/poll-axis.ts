import type { Logger } from 'pino';
import { isEdxmlError } from './edxml';
import { inboxSeen, recordInbox } from './exchange.repository';
import type { ExchangeDeps } from './exchange-deps';
import { receiveMessage } from './receive-message';
import { AppError } from '../shared/errors';

const PAGE = 50;

/** A refusal is the message's fault (kept as refused and acknowledged); anything else is retried later. */
const isRefusal = (err: unknown) => isEdxmlError(err) || (err instanceof AppError && err.code !== 'INTERNAL');

/**
 * Collects what waits on the axis for the organisations this system hosts: each item is applied once
 * (the axis id is remembered), then acknowledged. A refused item is recorded with its error code.
 */
export async function pollAxis(deps: Pick<ExchangeDeps, 'blobs' | 'db' | 'limits' | 'publisher' | 'signing' | 'tmpDir' | 'transport'>, logger?: Logger): Promise<{ applied: number; refused: number }> {
  const counts = { applied: 0, refused: 0 };
  if (!deps.transport) return counts;
  for (;;) {
    const items = await deps.transport.listReceived(PAGE);
    for (const item of items) {
      if (!(await inboxSeen(deps.db, item.id))) {
        try {
          const received = await receiveMessage(deps, await deps.transport.fetchItem(item.id), { actor: null });
          await recordInbox(deps.db, { axis_id: item.id, kind: received.kind, sender_code: received.senderCode, edxml_document_id: received.edxmlDocumentId, outcome: 'applied' });
          counts.applied += 1;
        } catch (err) {
          if (!isRefusal(err)) throw err;
          const { code, message } = err as AppError;
          logger?.warn({ axisId: item.id, code }, 'exchange item refused');
          await recordInbox(deps.db, { axis_id: item.id, kind: null, sender_code: null, edxml_document_id: null, outcome: 'refused', error_code: code, error_message: message.slice(0, 2000) });
          counts.refused += 1;
        }
      }
      await deps.transport.acknowledge(item.id);
    }
    if (items.length < PAGE) return counts;
  }
}
