import type { Role } from './roles';
import { AppError } from './errors';

/**
 * One row of a workflow's transition table: who may take `action` from which states, and where it
 * leads. Every workflow (document, draft, assignment, delivery, dossier) declares one table of these;
 * operations consult it with `requireTransition`, presenters list `allowedActions` from it, and the
 * client renders exactly those actions.
 */
export interface Transition<S extends string, A extends string, C> {
  action: A;
  /** Vietnamese label the client shows on the button. */
  label: string;
  from: readonly S[];
  /** The state after the action; a function when it depends on the subject (e.g. back to the previous state). */
  to: S | ((ctx: C) => S);
  /** Any of these roles may act (empty: any authenticated member of the organisation). */
  roles: readonly Role[];
  /** Relation of the actor to the subject (is the owner, is the approving leader…); all must hold. */
  relation?: (ctx: C) => boolean;
  /** What the actor is told when the role or relation does not hold ("Chỉ lãnh đạo được trình mới ký"). */
  forbiddenText?: string;
  /**
   * Extra condition on the subject (has a file, is not secret…), with the reason when it fails: a
   * message (reported as INVALID_STATE) or a coded error when the failure has its own code.
   */
  guard?: (ctx: C) => string | GuardFailure | null;
  /** Whether the action needs a reason from the user (return, refuse, cancel). */
  needsReason?: boolean;
  /**
   * Where the client posts the action, relative to the subject's URL (`/documents/:id/<path>`);
   * defaults to the action name. Lets the client offer a step it has no dedicated form for.
   */
  path?: string;
  /** A secondary action (shown less prominently: return, refuse, upload a new version…). */
  secondary?: boolean;
}

export interface GuardFailure {
  code: string;
  message: string;
}

/** What the server presents for each action the actor may take now; the client renders exactly these. */
export interface AllowedAction<A extends string = string> {
  action: A;
  label: string;
  needsReason: boolean;
  path: string;
  secondary: boolean;
}

export type TransitionTable<S extends string, A extends string, C> = readonly Transition<S, A, C>[];

/** What every transition check needs to know: the subject's state and the actor's roles. */
export interface TransitionContext<S extends string> {
  state: S;
  roles: readonly Role[];
  /** The state's Vietnamese name, for messages ("Đã ban hành"); the code is shown when absent. */
  stateText?: string;
}

function roleAllows(row: { roles: readonly Role[] }, roles: readonly Role[]): boolean {
  return row.roles.length === 0 || row.roles.some((r) => roles.includes(r));
}

function passes<S extends string, A extends string, C extends TransitionContext<S>>(row: Transition<S, A, C>, ctx: C): boolean {
  return row.from.includes(ctx.state) && roleAllows(row, ctx.roles) && (row.relation?.(ctx) ?? true) && !row.guard?.(ctx);
}

/** The actions this actor may take on this subject now, in table order. */
export function allowedActions<S extends string, A extends string, C extends TransitionContext<S>>(
  table: TransitionTable<S, A, C>,
  ctx: C,
): AllowedAction<A>[] {
  const seen = new Set<A>();
  const allowed: AllowedAction<A>[] = [];
  for (const row of table) {
    // An action may have several rows (e.g. from different states with different guards): list it once.
    if (seen.has(row.action) || !passes(row, ctx)) continue;
    seen.add(row.action);
    allowed.push({ action: row.action, label: row.label, needsReason: !!row.needsReason, path: row.path ?? row.action, secondary: !!row.secondary });
  }
  return allowed;
}

/**
 * Checks that `action` may be taken now and returns the state it leads to; otherwise a coded
 * error that says why (wrong state → INVALID_STATE, wrong person → FORBIDDEN).
 */
export function requireTransition<S extends string, A extends string, C extends TransitionContext<S>>(
  table: TransitionTable<S, A, C>,
  action: A,
  ctx: C,
): S {
  const rows = table.filter((row) => row.action === action);
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', `Thao tác không được hỗ trợ: ${action}`);
  const inState = rows.filter((row) => row.from.includes(ctx.state));
  if (inState.length === 0) {
    throw new AppError('INVALID_STATE', `Không thể "${rows[0].label.toLowerCase()}" ở trạng thái hiện tại (${ctx.stateText ?? ctx.state})`);
  }
  const permitted = inState.filter((row) => roleAllows(row, ctx.roles) && (row.relation?.(ctx) ?? true));
  if (permitted.length === 0) throw new AppError('FORBIDDEN', inState[0].forbiddenText ?? `Bạn không có quyền "${rows[0].label.toLowerCase()}"`);
  for (const row of permitted) {
    const blocked = row.guard?.(ctx);
    if (!blocked) return typeof row.to === 'function' ? row.to(ctx) : row.to;
    if (row === permitted[permitted.length - 1]) {
      throw typeof blocked === 'string' ? new AppError('INVALID_STATE', blocked) : new AppError(blocked.code, blocked.message);
    }
  }
  throw new AppError('INVALID_STATE', `Không thể thực hiện thao tác ${action}`);
}

/** Whether `action` may be taken now (for re-checks that report their own message). */
export function canTake<S extends string, A extends string, C extends TransitionContext<S>>(table: TransitionTable<S, A, C>, action: A, ctx: C): boolean {
  return table.some((row) => row.action === action && passes(row, ctx));
}

/** The states from which `action` can be taken (for queries such as "documents waiting for my signature"). */
export function fromStates<S extends string, A extends string, C>(table: TransitionTable<S, A, C>, action: A): S[] {
  return [...new Set(table.filter((row) => row.action === action).flatMap((row) => row.from))];
}
