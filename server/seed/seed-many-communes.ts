import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../users/password';

export interface ManyCommunes {
  organizations: { id: string; code: string }[];
  clerks: { id: string; username: string; organizationId: string }[];
}

/**
 * A province at post-2025 scale for load tests and benchmarks: `count` communes under the given
 * organisation (codes `<prefix>.0001`…, Decision 20 form), each with one clerk `<user>0001`… who
 * shares one password. Written set-based in one transaction, so a thousand take well under a second.
 */
export async function seedManyCommunes(db: Knex, opts: { parentCode: string; count: number; codePrefix: string; usernamePrefix: string; password: string; kdfLogN: number }): Promise<ManyCommunes> {
  const parent = await db('organizations').where({ code: opts.parentCode }).first('id');
  if (!parent) throw new Error(`no organisation ${opts.parentCode}`);
  const passwordHash = await hashPassword(opts.password, opts.kdfLogN);
  const seq = (i: number) => String(i + 1).padStart(4, '0');
  const organizations = Array.from({ length: opts.count }, (_, i) => ({ id: randomUUID(), code: `${opts.codePrefix}.${seq(i)}` }));
  const clerks = organizations.map((o, i) => ({ id: randomUUID(), username: `${opts.usernamePrefix}${seq(i)}`, organizationId: o.id }));
  await db.transaction(async (trx) => {
    for (let i = 0; i < organizations.length; i += 500) {
      await trx('organizations').insert(
        organizations.slice(i, i + 500).map((o, j) => ({ id: o.id, code: o.code, name: `Ủy ban nhân dân xã Thử Tải ${seq(i + j)}`, abbreviation: 'UBND', level: 'commune', parent_id: parent.id })),
      );
      await trx('users').insert(
        clerks.slice(i, i + 500).map((c, j) => ({ id: c.id, username: c.username, password_hash: passwordHash, full_name: `Văn thư xã Thử Tải ${seq(i + j)}`, position: 'Văn thư', organization_id: c.organizationId, roles: ['clerk'] })),
      );
    }
  });
  return { organizations, clerks };
}
