import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { allowedActions, canTake, requireTransition, type AllowedAction, type TransitionContext, type TransitionTable } from '../shared/transitions';
import { statusNames, type DocumentStatus } from './document-types';
import type { DocumentRow } from './documents.repository';

/**
 * Who may do what with a document, in which state: one table for incoming documents (văn bản đến),
 * one for drafts and outgoing documents (dự thảo, văn bản đi). The operations consult these tables
 * (`requireDocumentTransition`), the presenter lists `allowedActions` from them, and the web client
 * renders exactly those actions. Adding a workflow step starts with one row here (README).
 */

/** The part of a document the tables look at. */
export type DocumentSubject = Pick<DocumentRow, 'direction' | 'status' | 'leader_id' | 'created_by' | 'file_key' | 'secrecy'>;

export interface DocumentContext extends TransitionContext<DocumentStatus> {
  doc: DocumentSubject;
  actorId: string;
  /** The actor has an internal delivery of this document not yet acknowledged (only the detail view knows). */
  awaitingAcknowledgement?: boolean;
}

const isSubmittedLeader = (ctx: DocumentContext) => ctx.doc.leader_id === ctx.actorId;
const isDrafter = (ctx: DocumentContext) => ctx.doc.created_by === ctx.actorId;

export type IncomingAction = 'accept' | 'return' | 'submit' | 'direct' | 'recall_accept' | 'recall_refuse';

export const incomingTable: TransitionTable<DocumentStatus, IncomingAction, DocumentContext> = [
  { action: 'accept', label: 'Tiếp nhận, vào sổ', from: ['pending'], to: 'registered', roles: ['clerk'], forbiddenText: 'Chỉ văn thư tiếp nhận văn bản đến' },
  { action: 'return', label: 'Trả lại nơi gửi', from: ['pending'], to: 'returned', roles: ['clerk'], needsReason: true, secondary: true, forbiddenText: 'Chỉ văn thư trả lại văn bản đến' },
  { action: 'submit', label: 'Trình lãnh đạo', from: ['registered'], to: 'submitted', roles: ['clerk'], forbiddenText: 'Chỉ văn thư trình văn bản đến' },
  { action: 'direct', label: 'Cho ý kiến chỉ đạo', from: ['submitted'], to: 'directed', roles: ['leader'], relation: isSubmittedLeader, path: 'direction', forbiddenText: 'Văn bản được trình cho lãnh đạo khác' },
  // A recall leaves the copy withdrawn either way; the answer goes to the sender's delivery (15 or 16).
  { action: 'recall_accept', label: 'Đồng ý thu hồi', from: ['withdrawn'], to: 'withdrawn', roles: ['clerk'], path: 'recall-response', forbiddenText: 'Chỉ văn thư xác nhận thu hồi' },
  { action: 'recall_refuse', label: 'Từ chối thu hồi', from: ['withdrawn'], to: 'withdrawn', roles: ['clerk'], needsReason: true, secondary: true, path: 'recall-response', forbiddenText: 'Chỉ văn thư xác nhận thu hồi' },
];

export type OutgoingAction = 'submit' | 'add_version' | 'approve' | 'sign' | 'return' | 'issue' | 'recall' | 'acknowledge';

const secretNoFile = { code: 'SECRET_DOCUMENT_NO_FILE', message: 'Văn bản mật không có tệp điện tử để ký số' };

export const outgoingTable: TransitionTable<DocumentStatus, OutgoingAction, DocumentContext> = [
  {
    action: 'submit', label: 'Trình ký', from: ['draft', 'returned'], to: 'submitted', roles: [], relation: isDrafter,
    forbiddenText: 'Chỉ người soạn thảo trình dự thảo của mình',
    guard: (ctx) => (!ctx.doc.file_key && ctx.doc.secrecy === 'normal' ? 'Dự thảo chưa có tệp' : null),
  },
  {
    action: 'add_version', label: 'Tải lên phiên bản mới', from: ['draft', 'returned'], to: 'draft', roles: [], relation: isDrafter, path: 'versions', secondary: true,
    forbiddenText: 'Chỉ người soạn thảo cập nhật dự thảo',
    guard: (ctx) => (ctx.doc.secrecy !== 'normal' ? { code: 'SECRET_DOCUMENT_NO_FILE', message: 'Văn bản mật không được lưu tệp trên hệ thống' } : null),
  },
  {
    action: 'sign', label: 'Ký số', from: ['submitted', 'approved'], to: 'signed', roles: ['leader'], relation: isSubmittedLeader,
    forbiddenText: 'Dự thảo được trình cho lãnh đạo khác',
    guard: (ctx) => (ctx.doc.file_key ? null : secretNoFile),
  },
  { action: 'approve', label: 'Duyệt', from: ['submitted'], to: 'approved', roles: ['leader'], relation: isSubmittedLeader, secondary: true, forbiddenText: 'Chỉ lãnh đạo được trình mới duyệt dự thảo' },
  { action: 'return', label: 'Trả lại, yêu cầu sửa', from: ['submitted', 'approved'], to: 'returned', roles: ['leader'], relation: isSubmittedLeader, needsReason: true, secondary: true, forbiddenText: 'Chỉ lãnh đạo được trình mới trả lại dự thảo' },
  { action: 'issue', label: 'Cấp số và phát hành', from: ['signed'], to: 'issued', roles: ['clerk'], forbiddenText: 'Chỉ văn thư phát hành văn bản' },
  // Numbered, but its request stopped before the seal committed (the finish job will also do it): finish now.
  { action: 'issue', label: 'Hoàn tất phát hành', from: ['issuing'], to: 'issued', roles: ['clerk'], forbiddenText: 'Chỉ văn thư phát hành văn bản' },
  // A secret document is not signed digitally (it has no file): the clerk issues it once approved.
  {
    action: 'issue', label: 'Cấp số và phát hành', from: ['approved'], to: 'issued', roles: ['clerk'], forbiddenText: 'Chỉ văn thư phát hành văn bản',
    guard: (ctx) => (ctx.doc.secrecy === 'normal' ? 'Dự thảo phải được lãnh đạo ký số trước khi phát hành' : null),
  },
  { action: 'recall', label: 'Thu hồi văn bản', from: ['issued'], to: 'recalled', roles: ['clerk', 'leader'], needsReason: true, secondary: true, forbiddenText: 'Chỉ văn thư hoặc lãnh đạo thu hồi văn bản' },
  // Issued inside the agency to the actor's unit or to the actor: confirm receipt (the state does not change).
  { action: 'acknowledge', label: 'Xác nhận đã nhận', from: ['issued', 'recalled'], to: (ctx) => ctx.state, roles: [], relation: (ctx) => ctx.awaitingAcknowledgement === true },
];

export type DocumentAction = IncomingAction | OutgoingAction;

export function documentTable(direction: DocumentSubject['direction']): TransitionTable<DocumentStatus, DocumentAction, DocumentContext> {
  return direction === 'incoming' ? incomingTable : outgoingTable;
}

export function documentContext(doc: DocumentSubject, actor: Pick<Actor, 'userId' | 'roles'>, extra: Pick<DocumentContext, 'awaitingAcknowledgement'> = {}): DocumentContext {
  return { state: doc.status, stateText: statusNames[doc.status], roles: actor.roles, doc, actorId: actor.userId, ...extra };
}

/** Checks the action against the document's table (by direction) and returns the state it leads to. */
export function requireDocumentTransition(doc: DocumentSubject, actor: Pick<Actor, 'userId' | 'roles'>, action: DocumentAction): DocumentStatus {
  const table = documentTable(doc.direction);
  if (!table.some((row) => row.action === action)) {
    throw new AppError('INVALID_STATE', `Không thể thực hiện thao tác này với văn bản ${doc.direction === 'incoming' ? 'đến' : 'đi'}`);
  }
  return requireTransition(table, action, documentContext(doc, actor));
}

export function documentActions(doc: DocumentSubject, actor: Pick<Actor, 'userId' | 'roles'>, extra: Pick<DocumentContext, 'awaitingAcknowledgement'> = {}): AllowedAction<DocumentAction>[] {
  return allowedActions(documentTable(doc.direction), documentContext(doc, actor, extra));
}

/** Whether the actor may take the action now (for re-checks under a lock that report their own message). */
export function documentMayTake(doc: DocumentSubject, actor: Pick<Actor, 'userId' | 'roles'>, action: DocumentAction): boolean {
  return canTake(documentTable(doc.direction), action, documentContext(doc, actor));
}
