import type { AllowedAction } from '../../../server/contract/workflow';

/**
 * How the client offers each action the server allows (the document's `allowedActions`): a
 * dedicated form where the action needs more than a click, else a reason form or a plain button
 * that posts to the action's path. An action the client has never heard of still gets a working
 * control, so a new workflow step needs no client change unless it wants a form of its own.
 */
export type ActionForm =
  | { kind: 'post'; body: Record<string, unknown> }
  | { kind: 'reason'; reasonLabel: string; submitLabel: string; body: Record<string, unknown> }
  | { kind: 'choose-leader' }
  | { kind: 'issue' }
  | { kind: 'direction' }
  | { kind: 'sign' }
  | { kind: 'version' };

export interface PlannedAction {
  action: string;
  label: string;
  secondary: boolean;
  /** Where the action posts, relative to `/documents/:id/`. */
  path: string;
  form: ActionForm;
  /** The toast after success. */
  done: string;
}

/** The forms the client has for particular actions (one line per dedicated form). */
const dedicated: Record<string, { form: ActionForm; done?: string }> = {
  accept: { form: { kind: 'post', body: {} }, done: 'Đã tiếp nhận và vào sổ văn bản đến.' },
  submit: { form: { kind: 'choose-leader' }, done: 'Đã trình lãnh đạo.' },
  direct: { form: { kind: 'direction' }, done: 'Đã giao xử lý.' },
  sign: { form: { kind: 'sign' } },
  add_version: { form: { kind: 'version' } },
  issue: { form: { kind: 'issue' } },
  approve: { form: { kind: 'post', body: {} }, done: 'Đã duyệt dự thảo.' },
  return: { form: { kind: 'reason', reasonLabel: 'Lý do trả lại', submitLabel: 'Trả lại', body: {} }, done: 'Đã trả lại.' },
  recall: { form: { kind: 'reason', reasonLabel: 'Lý do thu hồi', submitLabel: 'Thu hồi', body: {} }, done: 'Đã gửi yêu cầu thu hồi.' },
  recall_accept: { form: { kind: 'post', body: { accept: true } }, done: 'Đã xác nhận thu hồi.' },
  recall_refuse: { form: { kind: 'reason', reasonLabel: 'Lý do từ chối', submitLabel: 'Từ chối thu hồi', body: { accept: false } }, done: 'Đã từ chối thu hồi.' },
  acknowledge: { form: { kind: 'post', body: {} }, done: 'Đã xác nhận nhận văn bản.' },
};

export function planActions(allowed: readonly AllowedAction[]): PlannedAction[] {
  return allowed.map((a) => {
    const known = dedicated[a.action];
    const form: ActionForm = known?.form ?? (a.needsReason ? { kind: 'reason', reasonLabel: 'Lý do', submitLabel: a.label, body: {} } : { kind: 'post', body: {} });
    return { action: a.action, label: a.label, secondary: a.secondary, path: a.path, form, done: known?.done ?? `Đã thực hiện: ${a.label}.` };
  });
}
