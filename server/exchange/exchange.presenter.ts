import type { AttachmentRow, OutboxListRow } from './exchange.repository';
import { outboxStateText, type AttachmentView, type OutboxItemView } from './exchange-views';

export const presentOutboxItem = (r: OutboxListRow): OutboxItemView => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  stateText: outboxStateText[r.state],
  documentId: r.document_id,
  subject: r.subject,
  symbol: r.symbol,
  edxmlDocumentId: r.edxml_document_id,
  statusCode: r.status_code || null,
  recipientCode: r.recipient_code,
  recipientName: r.recipient_name,
  attempts: r.attempts,
  lastError: r.last_error,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export const presentAttachment = (a: AttachmentRow): AttachmentView => ({ position: a.position, name: a.name, contentType: a.content_type, size: Number(a.size), sha256: a.file_key });
