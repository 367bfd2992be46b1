import { z } from 'zod';

/** Response shapes of the exchange API: the server's presenters and the client both use these. */
export const importResultSchema = z.object({ documentIds: z.array(z.string()) });

export const outboxItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['package', 'status']),
  state: z.enum(['pending', 'sent', 'dead', 'cancelled']),
  stateText: z.string(),
  documentId: z.string(),
  subject: z.string(),
  symbol: z.string().nullable(),
  edxmlDocumentId: z.string(),
  statusCode: z.string().nullable(),
  recipientCode: z.string(),
  recipientName: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  updatedAt: z.string(),
});
export type OutboxItemView = z.infer<typeof outboxItemSchema>;

export const outboxListSchema = z.object({ items: z.array(outboxItemSchema), total: z.number() });
export type OutboxListView = z.infer<typeof outboxListSchema>;

export const attachmentSchema = z.object({ position: z.number(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });
export type AttachmentView = z.infer<typeof attachmentSchema>;

export const outboxStateText: Record<OutboxItemView['state'], string> = {
  pending: 'Đang gửi',
  sent: 'Đã gửi lên trục',
  dead: 'Gửi không được',
  cancelled: 'Đã huỷ (văn bản bị thu hồi trước khi gửi)',
};
