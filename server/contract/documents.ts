import { z } from 'zod';
import { calendarDate } from './calendar-date';
import './messages';
import { docTypeSchema, SECRECIES, URGENCIES } from './codes';
import { assigneeSchema } from './assignments';
import { allowedActionSchema } from './workflow';

/**
 * The documents API as both sides see it: view schemas (the server's presenters return these
 * shapes; the OpenAPI document publishes them; the client takes its types from them) and the
 * request schemas with their Vietnamese messages (the server validates with them; the client
 * checks its forms with the same ones). No Node imports here: the web client bundles this file.
 */

const isoDateTime = z.string().describe('ISO 8601');
const nullableText = z.string().nullable();

/**
 * How the leader signed, as Decree 30 prints the signature block: `lines` above the signature (the
 * signer's title; signing on behalf, the authority line first: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
 * the name below it.
 */
export const signedAsSchema = z.object({
  fullName: z.string(),
  position: z.string(),
  capacity: z.enum(['KT', 'TL', 'TUQ', 'Q']).nullable(),
  onBehalfOf: z.object({ fullName: z.string(), position: z.string() }).nullable(),
  lines: z.array(z.string()),
});
export type SignedAs = z.infer<typeof signedAsSchema>;

export const documentViewSchema = z.object({
  id: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  status: z.string(),
  statusText: z.string(),
  source: z.string(),
  docType: z.string(),
  docTypeName: z.string(),
  subject: z.string(),
  urgency: z.string(),
  urgencyText: z.string(),
  secrecy: z.string(),
  secrecyText: z.string(),
  pages: z.number().nullable(),
  issuer: nullableText,
  issuerCode: nullableText,
  symbol: nullableText,
  number: z.number().nullable(),
  issuedDate: nullableText,
  arrivalNumber: z.number().nullable(),
  arrivalNumberText: nullableText,
  arrivalAt: isoDateTime.nullable(),
  registerId: nullableText,
  registerYear: z.number().nullable(),
  hasFile: z.boolean(),
  fileName: nullableText,
  currentVersion: z.number().nullable(),
  leaderId: nullableText,
  signedBy: nullableText,
  signedAs: signedAsSchema.nullable(),
  signedAt: isoDateTime.nullable(),
  issuedAt: isoDateTime.nullable(),
  recipients: z.array(z.string()),
  internalRecipients: z.array(z.union([z.object({ unitId: z.string() }), z.object({ userId: z.string() })])),
  replacesDocumentId: nullableText,
  replacedByDocumentId: nullableText,
  forwardedFromDocumentId: nullableText,
  verification: z.object({ valid: z.boolean(), summary: nullableText }).nullable(),
  returnReason: nullableText,
  createdAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
  /** What the viewer may do with the document now (the workflow table decides). */
  allowedActions: z.array(allowedActionSchema),
});
export type DocumentView = z.infer<typeof documentViewSchema>;

export const registeredIncomingSchema = documentViewSchema.extend({ warnings: z.array(z.string()) });

export const assignmentViewSchema = z.object({
  id: z.string(),
  directionId: z.string(),
  role: z.string(),
  assignee: nullableText,
  assigneeUserId: nullableText,
  assigneeUnitId: nullableText,
  deadline: isoDateTime.nullable(),
  status: z.string(),
  percent: z.number(),
  overdue: z.boolean(),
  result: nullableText,
  completedAt: isoDateTime.nullable(),
  updates: z.array(z.object({ note: z.string(), percent: z.number().nullable(), author: z.string(), at: isoDateTime })),
  /** What the viewer may do with the assignment now (the assignment table decides). */
  allowedActions: z.array(allowedActionSchema),
});
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

export const deliveryViewSchema = z.object({
  id: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  status: z.string(),
  statusText: z.string(),
  reason: nullableText,
  timeline: z.array(z.object({ status: z.string(), statusText: z.string(), at: isoDateTime, by: nullableText, reason: nullableText })),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

/** A reply or the document it answers, as the document page links them. */
export const answerLinkSchema = z.object({
  id: z.string(),
  symbol: nullableText,
  subject: z.string(),
  status: z.string(),
  arrivalNumber: z.number().nullable(),
  issuer: nullableText,
  date: nullableText,
});
export type AnswerLink = z.infer<typeof answerLinkSchema>;

/** A colleague's opinion asked for on a draft (xin ý kiến). */
export const consultationSchema = z.object({
  id: z.string(),
  question: z.string(),
  deadline: nullableText,
  target: z.string(),
  targetUserId: nullableText,
  targetUnitId: nullableText,
  requestedBy: z.string(),
  answer: nullableText,
  answeredBy: nullableText,
  answeredAt: nullableText,
  createdAt: z.string(),
  overdue: z.boolean(),
});
export type Consultation = z.infer<typeof consultationSchema>;

export const documentDetailSchema = z.object({
  document: documentViewSchema,
  versions: z.array(z.object({ version: z.number(), fileName: z.string(), size: z.number(), kind: z.string(), note: nullableText, createdAt: isoDateTime })),
  comments: z.array(z.object({ id: z.string(), body: z.string(), author: z.string(), createdAt: isoDateTime })),
  directions: z.array(z.object({ id: z.string(), leader: z.string(), instruction: z.string(), deadline: isoDateTime.nullable(), createdAt: isoDateTime })),
  assignments: z.array(assignmentViewSchema),
  deliveries: z.array(deliveryViewSchema),
  /** Incoming: drafts and issued documents answering it. Outgoing: the incoming documents it answers. */
  replies: z.array(answerLinkSchema).optional(),
  answers: z.array(answerLinkSchema).optional(),
  /** Held by an agency merged into the viewer's (its name): read only, for reference. */
  heldBy: z.string().optional(),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

export const INBOX_SECTIONS = ['internal', 'pending_electronic', 'to_submit', 'ready_to_issue', 'recalled', 'awaiting_direction', 'awaiting_signature', 'my_drafts', 'assigned'] as const;
export type InboxSection = (typeof INBOX_SECTIONS)[number];

export const inboxAssignmentSchema = z.object({ id: z.string(), role: z.string(), status: z.string(), deadline: isoDateTime.nullable(), overdue: z.boolean(), percent: z.number() });
export type InboxAssignment = z.infer<typeof inboxAssignmentSchema>;

export const inboxSchema = z.object({
  items: z.array(z.object({ section: z.enum(INBOX_SECTIONS), document: documentViewSchema, assignment: inboxAssignmentSchema.optional() })),
  counts: z.partialRecord(z.enum(INBOX_SECTIONS), z.number()),
  sections: z.record(z.enum(INBOX_SECTIONS), z.string()),
  unread: z.number(),
});
export type Inbox = z.infer<typeof inboxSchema>;

export const historySchema = z.object({
  items: z.array(z.object({ id: z.string(), at: isoDateTime, action: z.string(), summary: z.string(), actorId: nullableText, actorName: nullableText })),
});
export type HistoryItem = z.infer<typeof historySchema>['items'][number];

export const issueResultSchema = documentViewSchema.extend({
  number: z.number().nullable(),
  symbol: nullableText,
  deliveries: z.array(z.object({ orgCode: z.string(), orgName: z.string(), status: nullableText })),
  warnings: z.array(z.string()),
});
export type IssueResult = z.infer<typeof issueResultSchema>;

/** The verdict a clerk reads first, decided on the server from the checks below. */
export const signatureVerdictSchema = z.object({ text: z.string(), tone: z.enum(['ok', 'warn', 'bad']) });
export type SignatureVerdict = z.infer<typeof signatureVerdictSchema>;

export const signatureStatusSchema = z.enum(['valid', 'invalid', 'indeterminate']);
export type SignatureStatus = z.infer<typeof signatureStatusSchema>;
const codedMessageSchema = z.object({ code: z.string(), message: z.string() });

export const signatureCheckSchema = z.looseObject({
  field: z.string(),
  kind: z.string(),
  signer: z.looseObject({ commonName: nullableText, organization: nullableText, subject: z.string(), issuer: z.string() }).nullable(),
  signingTime: nullableText,
  integrity: z.enum(['intact', 'broken', 'error']),
  chain: z.enum(['trusted', 'untrusted', 'expired', 'invalid', 'error']),
  revocation: z.string(),
  changesAfter: z.enum(['none', 'signatures_only', 'form_fill', 'disallowed']),
  /** English notes, "allowed: …" / "disallowed: …", one per change made after this signature. */
  changeDetails: z.array(z.string()),
  level: nullableText,
  /** The verdict (ETSI EN 319 102-1), decided by the verifier; `valid` is `status === 'valid'`. */
  status: signatureStatusSchema,
  /** Coded reasons for an invalid or indeterminate status. */
  reasons: z.array(codedMessageSchema),
  /** Coded remarks that leave the status as it is (e.g. revocation not checked). */
  warnings: z.array(codedMessageSchema),
  valid: z.boolean(),
  summary: z.string(),
  errors: z.array(codedMessageSchema),
  verdict: signatureVerdictSchema,
});
export type SignatureCheck = z.infer<typeof signatureCheckSchema>;

export const signatureReportSchema = z.looseObject({
  status: signatureStatusSchema,
  reasons: z.array(codedMessageSchema),
  valid: z.boolean(),
  summary: z.string(),
  signatures: z.array(signatureCheckSchema),
});
export type SignatureReport = z.infer<typeof signatureReportSchema>;

export const preparedSignatureSchema = z.object({
  sessionId: z.string(),
  toBeSigned: z.string().describe('base64'),
  documentDigest: z.string().describe('base64'),
  digestAlgorithm: z.string(),
  expiresInSeconds: z.number(),
});

// ---- Requests (validated by the server; the client checks its forms with the same schemas) ----

export const submitSchema = z.object({ leaderId: z.uuid('leaderId phải là mã người dùng') });
export const returnSchema = z.object({ reason: z.string().trim().min(3, 'Cần nêu lý do trả lại').max(2000) });
export const recallSchema = z.object({ reason: z.string().trim().min(3, 'Cần nêu lý do thu hồi').max(2000) });
export const recallResponseSchema = z.object({ accept: z.boolean(), reason: z.string().trim().max(2000).optional() });

export const placementSchema = z.object({
  page: z.number().int().min(1).optional(),
  rect: z.tuple([z.number(), z.number(), z.number().positive(), z.number().positive()]).optional(),
  anchor: z.string().trim().min(1).max(200).optional(),
});
export const signSchema = placementSchema.extend({ pin: z.string().min(4, 'PIN có ít nhất 4 ký tự').max(64) });

export const incomingMetaSchema = z.object({
  issuer: z.string().trim().min(2, 'Cần tên cơ quan ban hành').max(300),
  issuerCode: z.string().trim().max(35).optional(),
  symbol: z.string().trim().min(1, 'Cần số, ký hiệu văn bản').max(100),
  docType: docTypeSchema,
  issuedDate: calendarDate('Ngày văn bản phải có dạng YYYY-MM-DD'),
  subject: z.string().trim().min(3, 'Cần trích yếu nội dung').max(2000),
  urgency: z.enum(URGENCIES).default('normal'),
  secrecy: z.enum(SECRECIES).default('normal'),
  pages: z.coerce.number().int().min(1).max(100000).optional(),
});
export type IncomingMeta = z.infer<typeof incomingMetaSchema>;

export const outgoingMetaSchema = z.object({
  docType: docTypeSchema,
  subject: z.string().trim().min(3, 'Cần trích yếu nội dung').max(2000),
  urgency: z.enum(URGENCIES).default('normal'),
  secrecy: z.enum(SECRECIES).default('normal'),
  pages: z.coerce.number().int().min(1).max(100000).optional(),
  recipients: z.array(z.string().trim().min(1)).max(1000).default([]),
  /** Units or people inside the agency that receive the issued document. */
  internalRecipients: z.array(assigneeSchema).max(200).default([]),
  /** Abbreviation of the drafting unit, used in a công văn's symbol; defaults to the drafter's unit. */
  draftingUnit: z.string().trim().min(1).optional(),
  /** A replacement document (fixing errors of content) names the one it replaces. */
  replacesDocumentId: z.uuid().optional(),
  /** The incoming documents this draft answers (văn bản trả lời): issuing it closes their lead work. */
  answers: z.array(z.uuid()).max(50).default([]),
});
export type OutgoingMeta = z.infer<typeof outgoingMetaSchema>;

/**
 * The messages a form shows beside its fields: the first problem of each top-level field, checked
 * with the server's own schema (so the two can never disagree).
 */
export function fieldErrors(schema: z.ZodType, value: unknown): Record<string, string> {
  const parsed = schema.safeParse(value);
  const errors: Record<string, string> = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    errors[key] ??= issue.message;
  }
  return errors;
}
