import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireSystemAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { organizationCodeSchema } from './create-organization';
import { addCodeHistory, listChildren, lockOrganizationByCode, moveMergeHistory, updateOrganization, type OrganizationRow } from './organizations.repository';
import { listDescendants } from './organizations.repository';

export const mergeOrganizationSchema = z.object({ intoCode: organizationCodeSchema });

export interface MergeResult {
  absorbed: OrganizationRow;
  survivor: OrganizationRow;
  childrenMoved: string[];
  users: number;
  documents: number;
}

/**
 * Merges one agency into another of the same level (two communes into one, two provinces into one).
 * The absorbed agency is not deleted: its row, accounts, registers and documents stay where they are
 * (document numbers and access rules are per agency, and rewriting them would break gap-free
 * numbering), so everything filed under it stays reachable by its code. It stops being part of the
 * living tree: pickers no longer offer it, its children move to the survivor, and its code is kept in
 * the survivor's history so documents that cite it still resolve.
 */
export async function mergeOrganizations(db: Knex, actor: Actor, code: string, intoCode: string): Promise<MergeResult> {
  requireSystemAdmin(actor);
  if (code === intoCode) throw new AppError('VALIDATION_FAILED', 'Không thể sáp nhập một cơ quan vào chính nó');
  return db.transaction(async (trx) => {
    // Locked in code order: two merges in opposite directions cannot deadlock.
    const [first, second] = [code, intoCode].sort();
    const locked = new Map<string, OrganizationRow | undefined>();
    for (const c of [first, second]) locked.set(c, await lockOrganizationByCode(trx, c));
    const absorbed = locked.get(code);
    const survivor = locked.get(intoCode);
    if (!absorbed) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${code}`);
    if (!survivor) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan tiếp nhận có mã ${intoCode}`);
    for (const org of [absorbed, survivor]) {
      if (org.merged_into_id) throw new AppError('ORG_MERGED', `Cơ quan ${org.name} (${org.code}) đã được sáp nhập trước đó`);
    }
    if (absorbed.level !== survivor.level) throw new AppError('INVALID_LEVEL_ORDER', 'Chỉ sáp nhập hai cơ quan cùng cấp');
    if ((await listDescendants(trx, absorbed.id)).some((d) => d.id === survivor.id)) {
      throw new AppError('INVALID_TREE_MOVE', `${survivor.name} đang trực thuộc ${absorbed.name}: hãy chuyển nó ra trước khi sáp nhập`);
    }
    const children = (await listChildren(trx, absorbed.id)).filter((c) => !c.merged_into_id);
    for (const child of children) await updateOrganization(trx, child.id, { parent_id: survivor.id });
    await updateOrganization(trx, absorbed.id, { merged_into_id: survivor.id });
    await moveMergeHistory(trx, absorbed.id, survivor.id);
    await addCodeHistory(trx, { organization_id: survivor.id, code: absorbed.code, name: absorbed.name, reason: 'merged' });
    const count = async (table: string) => Number((await trx(table).where({ organization_id: absorbed.id }).count<{ count: string }[]>({ count: '*' }))[0].count);
    const users = await count('users');
    const documents = await count('documents');
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: survivor.id,
      action: 'organization.merge',
      objectType: 'organization',
      objectId: absorbed.id,
      summary: `Sáp nhập ${absorbed.name} (${absorbed.code}) vào ${survivor.name} (${survivor.code})`,
      data: { absorbed: absorbed.code, survivor: survivor.code, childrenMoved: children.map((c) => c.code), users, documents },
    });
    return { absorbed: { ...absorbed, merged_into_id: survivor.id }, survivor, childrenMoved: children.map((c) => c.code), users, documents };
  });
}
