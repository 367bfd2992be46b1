import { AppError } from '../shared/errors';

/**
 * What a password must be (NIST SP 800-63B in spirit): long enough, not the username, not on the
 * list of passwords attackers try first, not a run or a repetition. No composition rules: they make
 * passwords harder to remember, not harder to guess.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordRule = 'too_short' | 'too_long' | 'contains_username' | 'too_common' | 'too_simple' | 'unchanged';

const messages: Record<PasswordRule, string> = {
  too_short: `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự`,
  too_long: `Mật khẩu dài quá ${PASSWORD_MAX_LENGTH} ký tự`,
  contains_username: 'Mật khẩu không được chứa tên đăng nhập',
  too_common: 'Mật khẩu này quá phổ biến, dễ bị dò ra. Hãy chọn mật khẩu khác',
  too_simple: 'Mật khẩu quá đơn giản (lặp một ký tự, dãy liên tiếp như 12345678 hoặc dãy phím như qwerty). Hãy chọn mật khẩu khác',
  unchanged: 'Mật khẩu mới phải khác mật khẩu hiện tại',
};

/** The passwords leaked lists show first, and Vietnamese favourites; compared case-insensitively. */
const COMMON = new Set(
  [
    '123456789', '1234567890', '12345678910', '0123456789', '1111111111', '0000000000', '1234512345', '1234567899', '9876543210',
    'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword123', 'p@ssw0rd123',
    'qwertyuiop', 'qwerty123', 'qwerty1234', 'qwertyuiop123', '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y', 'zaq12wsxcde3', 'asdfghjkl',
    'iloveyou', 'iloveyou123', 'iloveyou1', 'princess123', 'sunshine123', 'football123', 'baseball123', 'welcome123', 'welcome1234',
    'letmein123', 'abc123456', 'abcd123456', 'abc1234567', 'abcdefghij', 'admin12345', 'administrator', 'admin@123', 'admin@1234',
    'administrator1', 'changeme123', 'secret1234', 'trustno1234', 'dragon1234', 'monkey1234', 'master1234', 'superman123', 'starwars123',
    'matkhau', 'matkhau123', 'matkhau1234', 'matkhaumoi', 'matkhau@123', 'anhyeuem', 'anhyeuem123', 'emyeuanh', 'emyeuanh123',
    'vietnam', 'vietnam123', 'vietnam1234', 'vietnam@123', 'hanoi12345', 'saigon1234', 'hochiminh', 'conmeo123', 'yeuem12345',
    'vanban123', 'vanban1234', 'vanban2025', 'vanban2026', 'vanban@123', 'quantri123', 'quantri1234', 'ubnd123456', 'ubnd@12345',
    'abcd@1234', 'abc@123456', 'aa123456789', 'a123456789', 'a1234567890', 'qwe123456', 'zxcvbnm123', '1234qwer', '1234qwerasdf',
    'welcome@123', 'hello12345', 'hello@123', 'admin2025', 'admin2026', 'admin@2025', 'admin@2026', 'demo@2026', 'test123456',
  ].map((p) => p.toLowerCase()),
);

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];

/** True when the text is one character repeated, a run up or down, or a slice of a keyboard row (repeated or not). */
function isTrivial(password: string): boolean {
  const p = password.toLowerCase();
  if (new Set(p).size <= 2) return true;
  const codes = [...p].map((c) => c.codePointAt(0)!);
  const step = codes[1] - codes[0];
  if ((step === 1 || step === -1) && codes.every((c, i) => i === 0 || c - codes[i - 1] === step)) return true;
  // A short block repeated (abcabcabc, 12121212…).
  for (let len = 1; len <= p.length / 2; len++) {
    if (p.length % len === 0 && p.slice(0, len).repeat(p.length / len) === p) return new Set(p.slice(0, len)).size <= 4;
  }
  for (const row of KEYBOARD_ROWS) {
    const both = [row, [...row].reverse().join('')];
    if (both.some((r) => r.includes(p) || (p.length > r.length && isCyclic(p, r)))) return true;
  }
  return false;
}

const isCyclic = (p: string, row: string): boolean => [...p].every((c, i) => i === 0 || row.indexOf(c) === (row.indexOf(p[i - 1]) + 1) % row.length);

export interface PasswordCheck {
  ok: boolean;
  rule?: PasswordRule;
  message?: string;
}

export function checkPassword(password: string, username: string): PasswordCheck {
  const fail = (rule: PasswordRule): PasswordCheck => ({ ok: false, rule, message: messages[rule] });
  const chars = [...password.normalize('NFC')];
  if (chars.length < PASSWORD_MIN_LENGTH) return fail('too_short');
  if (chars.length > PASSWORD_MAX_LENGTH) return fail('too_long');
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  // The whole username, or its meaningful parts (vanthu.hienvan → vanthu, hienvan).
  const parts = [name, ...name.split(/[._-]+/).filter((s) => s.length >= 4)];
  if (name && parts.some((part) => lower.includes(part))) return fail('contains_username');
  if (COMMON.has(lower)) return fail('too_common');
  if (isTrivial(password)) return fail('too_simple');
  return { ok: true };
}

/** Throws `WEAK_PASSWORD` (HTTP 400) with the broken rule in `details.rule`. */
export function requireStrongPassword(password: string, username: string): void {
  const result = checkPassword(password, username);
  if (!result.ok) throw new AppError('WEAK_PASSWORD', result.message!, { rule: result.rule });
}

export const passwordUnchanged = (): AppError => new AppError('WEAK_PASSWORD', messages.unchanged, { rule: 'unchanged' });
