import { z } from 'zod';
import { allowedActionSchema } from '../contract/workflow';

/**
 * Request schemas and view types of the dossier API, imported by both the server and the web
 * client (keep it free of Node imports).
 */
export const DOSSIER_STATUSES = ['created', 'in_progress', 'submitted', 'completed', 'returned', 'refused', 'cancelled'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];
export const DOSSIER_ACTIONS = ['start', 'submit', 'approve', 'return', 'refuse', 'rework', 'cancel', 'reopen', 'transfer'] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

export const dossierStatusNames: Record<DossierStatus, string> = {
  created: 'Mới lập',
  in_progress: 'Đang giải quyết',
  submitted: 'Chờ lãnh đạo duyệt',
  completed: 'Đã kết thúc',
  returned: 'Bị trả lại',
  refused: 'Bị từ chối',
  cancelled: 'Đã hủy',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày theo dạng YYYY-MM-DD');

export const createDossierSchema = z.object({
  title: z.string().trim().min(3, 'Cần tiêu đề hồ sơ').max(500),
  field: z.string().trim().max(200).optional(),
  openedOn: isoDate,
  deadline: isoDate.optional(),
  ownerId: z.uuid(),
  approverId: z.uuid(),
  coordinatorIds: z.array(z.uuid()).max(50).default([]),
  parentId: z.uuid().optional(),
  filePlanCode: z.string().trim().min(1).max(40).optional(),
  notes: z.string().trim().max(4000).optional(),
  /** Documents linked at once (e.g. the incoming document the dossier is opened from). */
  documentIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateDossierInput = z.input<typeof createDossierSchema>;

export const dossierActionSchema = z.object({
  reason: z.string().trim().min(2, 'Cần lý do').max(2000).optional(),
  toUserId: z.uuid().optional(),
});

export const updateDossierSchema = z.object({
  progress: z.number().int().min(0).max(100).optional(),
  notes: z.string().trim().max(4000).optional(),
  deadline: isoDate.nullable().optional(),
  field: z.string().trim().max(200).optional(),
});

export const linkSchema = z.object({ documentId: z.uuid('Mã văn bản không hợp lệ') });
export const opinionSchema = z.object({ body: z.string().trim().min(2, 'Cần nội dung ý kiến').max(4000), forwardTo: z.uuid().optional() });
export const forwardOpinionSchema = z.object({ toUserId: z.uuid(), note: z.string().trim().max(2000).optional() });

export const listDossiersQuery = z.object({
  status: z.enum([...DOSSIER_STATUSES, 'overdue', 'mine', 'to_approve']).optional(),
  q: z.string().trim().max(200).optional(),
  field: z.string().trim().max(200).optional(),
  ownerId: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
});

export const filePlanItemSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  code: z.string().trim().min(1).max(40),
  title: z.string().trim().min(3).max(500),
  /** Years to keep; null = permanent (vĩnh viễn). */
  retentionYears: z.number().int().min(1).max(100).nullable(),
  responsibleUserId: z.uuid().optional(),
});

export const archiveSchema = z.object({ year: z.number().int().min(2000).max(2100) });

const person = z.object({ id: z.string(), name: z.string() });

export const dossierSummarySchema = z.object({
  id: z.string(),
  code: z.string().nullable(),
  title: z.string(),
  field: z.string().nullable(),
  status: z.enum(DOSSIER_STATUSES),
  statusText: z.string(),
  openedOn: z.string(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  progress: z.number(),
  owner: person,
  approver: person,
  archived: z.boolean(),
});
export type DossierSummaryView = z.infer<typeof dossierSummarySchema>;

export const dossierLinkSchema = z.object({
  documentId: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  status: z.string(),
  symbol: z.string().nullable(),
  subject: z.string(),
  date: z.string().nullable(),
  addedAt: z.string(),
});
export type DossierLinkView = z.infer<typeof dossierLinkSchema>;

export const dossierViewSchema = dossierSummarySchema.extend({
  notes: z.string().nullable(),
  statusReason: z.string().nullable(),
  parentId: z.string().nullable(),
  filePlanCode: z.string().nullable(),
  retention: z.string(),
  closedOn: z.string().nullable(),
  coordinators: z.array(person),
  allowedActions: z.array(allowedActionSchema.extend({ action: z.enum(DOSSIER_ACTIONS) })),
  links: z.array(dossierLinkSchema),
  children: z.array(dossierSummarySchema),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), size: z.number(), signedBy: z.string().nullable(), signedAt: z.string().nullable(), addedAt: z.string() })),
  opinions: z.array(z.object({ id: z.string(), author: z.string(), body: z.string(), forwardedTo: z.string().nullable(), createdAt: z.string() })),
  history: z.array(z.object({ at: z.string(), action: z.string(), summary: z.string(), actor: z.string().nullable() })),
});
export type DossierView = z.infer<typeof dossierViewSchema>;

export const dossierPageSchema = z.object({ items: z.array(dossierSummarySchema), nextCursor: z.string().nullable() });
export type DossierPage = z.infer<typeof dossierPageSchema>;

export const filePlanItemViewSchema = z.object({ id: z.string(), year: z.number(), code: z.string(), title: z.string(), retention: z.string(), retentionYears: z.number().nullable(), responsible: z.string().nullable(), dossierCount: z.number() });
export type FilePlanItemView = z.infer<typeof filePlanItemViewSchema>;

export const archiveTransferSchema = z.object({ id: z.string(), year: z.number(), dossierCount: z.number(), size: z.number(), sha256: z.string(), handedAt: z.string().optional(), handedBy: z.string().optional() });
export type ArchiveTransferView = z.infer<typeof archiveTransferSchema>;
