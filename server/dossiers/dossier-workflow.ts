import type { Role } from '../shared/actor';
import { allowedActions, requireTransition, type TransitionTable } from '../shared/transitions';
import type { DossierAction, DossierStatus } from './dossier-contract';

/** What the dossier workflow knows about the subject and the actor. */
export interface DossierContext {
  state: DossierStatus;
  roles: readonly Role[];
  isOwner: boolean;
  isApprover: boolean;
  archived: boolean;
}

const owner = (c: DossierContext) => c.isOwner;
const approver = (c: DossierContext) => c.isApprover;
const ownerOrApprover = (c: DossierContext) => c.isOwner || c.isApprover;

/**
 * The dossier's life cycle: created → in progress → submitted to the leader → completed, or
 * returned / refused (with reason) → reworked, or cancelled (with reason); a completed dossier can be
 * reopened until it has been handed to the archive.
 */
export const DOSSIER_WORKFLOW: TransitionTable<DossierStatus, DossierAction, DossierContext> = [
  { action: 'start', label: 'Bắt đầu giải quyết', from: ['created'], to: 'in_progress', roles: [], relation: owner },
  { action: 'submit', label: 'Trình lãnh đạo', from: ['in_progress'], to: 'submitted', roles: [], relation: owner },
  { action: 'approve', label: 'Duyệt, kết thúc hồ sơ', from: ['submitted'], to: 'completed', roles: ['leader'], relation: approver },
  { action: 'return', label: 'Trả lại', from: ['submitted'], to: 'returned', roles: ['leader'], relation: approver, needsReason: true },
  { action: 'refuse', label: 'Từ chối', from: ['submitted'], to: 'refused', roles: ['leader'], relation: approver, needsReason: true },
  { action: 'rework', label: 'Giải quyết lại', from: ['returned', 'refused'], to: 'in_progress', roles: [], relation: owner },
  { action: 'cancel', label: 'Hủy hồ sơ', from: ['created', 'in_progress', 'returned', 'refused'], to: 'cancelled', roles: [], relation: ownerOrApprover, needsReason: true },
  {
    action: 'reopen', label: 'Mở lại hồ sơ', from: ['completed'], to: 'in_progress', roles: ['leader'], relation: approver,
    guard: (c) => (c.archived ? 'Hồ sơ đã nộp lưu vào lưu trữ cơ quan: không mở lại được' : null),
  },
  { action: 'transfer', label: 'Chuyển người giải quyết', from: ['created', 'in_progress', 'returned', 'refused'], to: (c) => c.state, roles: [], relation: ownerOrApprover },
];

export const dossierActions = (ctx: DossierContext) => allowedActions(DOSSIER_WORKFLOW, ctx);
export const requireDossierTransition = (action: DossierAction, ctx: DossierContext): DossierStatus => requireTransition(DOSSIER_WORKFLOW, action, ctx);

/** States in which the dossier's content (links, attachments, progress) may still change. */
export const OPEN_STATES: readonly DossierStatus[] = ['created', 'in_progress', 'returned', 'refused'];
