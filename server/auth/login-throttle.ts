import type { Knex } from 'knex';

export interface ThrottleLimits {
  /** Wrong passwords for one account from one address: the guesser is stopped, not the owner elsewhere. */
  perUserAndAddress: number;
  /** Wrong passwords from one address, whatever the account (spraying). */
  perAddress: number;
  /** Wrong passwords for one account from everywhere (a distributed guess): high, so a few strangers cannot lock it. */
  perUser: number;
  windowMinutes: number;
}

type Scope = 'pair' | 'ip' | 'user';

/**
 * Counts one attempt in each scope with a single upsert per scope, before the password is checked:
 * concurrent attempts each see their own count, so no more than the limit ever get checked.
 * Returns whether the attempt may proceed.
 */
export async function reserveLoginAttempt(db: Knex, limits: ThrottleLimits, username: string, ip: string, now = new Date()): Promise<boolean> {
  const windowStart = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const bump = async (scope: Scope, subject: string): Promise<number> => {
    const result = await db.raw(
      `INSERT INTO login_throttle (scope, subject, window_start, failures) VALUES (?, ?, ?, 1)
       ON CONFLICT (scope, subject) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.failures + 1 END,
         window_start = CASE WHEN login_throttle.window_start <= ? THEN EXCLUDED.window_start ELSE login_throttle.window_start END
       RETURNING failures`,
      [scope, subject, now, windowStart, windowStart],
    );
    return Number(result.rows[0].failures);
  };
  const user = username.trim().toLowerCase();
  const counts = {
    pair: await bump('pair', `${user}\n${ip}`),
    ip: await bump('ip', ip),
    user: await bump('user', user),
  };
  return counts.pair <= limits.perUserAndAddress && counts.ip <= limits.perAddress && counts.user <= limits.perUser;
}

/** After the right password: this address starts afresh for the account, and the attempt is not counted as a failure. */
export async function settleSuccessfulLogin(db: Knex, username: string, ip: string): Promise<void> {
  const user = username.trim().toLowerCase();
  await db('login_throttle').where({ scope: 'pair', subject: `${user}\n${ip}` }).delete();
  await db('login_throttle')
    .where((q) => q.where({ scope: 'ip', subject: ip }).orWhere({ scope: 'user', subject: user }))
    .andWhere('failures', '>', 0)
    .decrement('failures', 1);
}
