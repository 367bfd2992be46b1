import { allowedActions, canTake, fromStates, requireTransition, type TransitionContext, type TransitionTable } from '../../../server/shared/transitions';

// Fast tier: the generic transition machinery on an in-memory table, no database.
type S = 'open' | 'held' | 'closed';
type Ctx = TransitionContext<S> & { owner: boolean; hasFile: boolean };
const table: TransitionTable<S, 'hold' | 'close' | 'reopen', Ctx> = [
  { action: 'hold', label: 'Tạm giữ', from: ['open'], to: 'held', roles: ['leader'], forbiddenText: 'Chỉ lãnh đạo tạm giữ' },
  { action: 'close', label: 'Đóng', from: ['open', 'held'], to: 'closed', roles: [], relation: (c) => c.owner, guard: (c) => (c.hasFile ? null : { code: 'NO_FILE', message: 'Chưa có tệp' }) },
  { action: 'reopen', label: 'Mở lại', from: ['closed'], to: (c) => (c.owner ? 'open' : 'held'), roles: ['clerk', 'leader'], needsReason: true, secondary: true, path: 're-open' },
];
const ctx = (over: Partial<Ctx>): Ctx => ({ state: 'open', roles: [], owner: false, hasFile: true, ...over });

describe('transition tables', () => {
  it('lists the actions whose state, role, relation and guard all hold, in table order', () => {
    expect(allowedActions(table, ctx({ roles: ['leader'], owner: true })).map((a) => a.action)).toEqual(['hold', 'close']);
    expect(allowedActions(table, ctx({ roles: ['official'], owner: true, hasFile: false }))).toEqual([]);
    expect(allowedActions(table, ctx({ state: 'closed', roles: ['clerk'] }))).toEqual([{ action: 'reopen', label: 'Mở lại', needsReason: true, path: 're-open', secondary: true }]);
  });

  it('returns the target state, computed when the row says so', () => {
    expect(requireTransition(table, 'hold', ctx({ roles: ['leader'] }))).toBe('held');
    expect(requireTransition(table, 'reopen', ctx({ state: 'closed', roles: ['clerk'], owner: true }))).toBe('open');
    expect(requireTransition(table, 'reopen', ctx({ state: 'closed', roles: ['clerk'] }))).toBe('held');
  });

  it('says why not with a coded error: state first, then who, then the guard', () => {
    expect(() => requireTransition(table, 'hold', ctx({ state: 'closed', stateText: 'Đã đóng', roles: ['leader'] }))).toThrow(expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringContaining('Đã đóng') }));
    expect(() => requireTransition(table, 'hold', ctx({ roles: ['clerk'] }))).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: 'Chỉ lãnh đạo tạm giữ' }));
    expect(() => requireTransition(table, 'close', ctx({ owner: false }))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => requireTransition(table, 'close', ctx({ owner: true, hasFile: false }))).toThrow(expect.objectContaining({ code: 'NO_FILE', message: 'Chưa có tệp' }));
    expect(() => requireTransition(table, 'fly' as 'hold', ctx({}))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('lists the states an action starts from (for inbox queries)', () => {
    expect(fromStates(table, 'close')).toEqual(['open', 'held']);
    expect(fromStates(table, 'reopen')).toEqual(['closed']);
  });

  it('answers yes or no for re-checks under a lock', () => {
    expect(canTake(table, 'close', ctx({ owner: true }))).toBe(true);
    expect(canTake(table, 'close', ctx({ owner: true, state: 'closed' }))).toBe(false);
  });
});
