import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireSystemAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { LEVELS, isValidOrgCode, levelNames, mayNestUnder } from './org-code';
import { findOrganizationByCode, insertOrganization, type OrganizationRow } from './organizations.repository';

export const organizationCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(35)
  .refine(isValidOrgCode, {
    message: 'Mã định danh không đúng định dạng (DDD.CC.BB.AXX theo QCVN 102:2016 hoặc AXX.nhóm.nhóm… gồm chữ hoa/số theo QĐ 20/2020, ví dụ H37.DN.001)',
  });

export const createOrganizationSchema = z.object({
  code: organizationCodeSchema,
  name: z.string().trim().min(2).max(300),
  abbreviation: z.string().trim().min(1).max(30),
  level: z.enum(LEVELS),
  parentCode: organizationCodeSchema.optional(),
  /** Hosted by another system: documents to it go out as edXML through the exchange axis. */
  external: z.boolean().default(false),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

/** Inserts one organisation after checking code uniqueness and that it sits below its parent. */
export async function insertValidatedOrganization(trx: Knex.Transaction, input: Omit<CreateOrganizationInput, 'external'> & { external?: boolean }): Promise<OrganizationRow> {
  if (await findOrganizationByCode(trx, input.code)) {
    throw new AppError('ORG_CODE_TAKEN', `Mã định danh ${input.code} đã được dùng cho cơ quan khác`);
  }
  let parentId: string | null = null;
  if (input.parentCode) {
    const parent = await findOrganizationByCode(trx, input.parentCode);
    if (!parent) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan cấp trên có mã ${input.parentCode}`);
    if (parent.merged_into_id) throw new AppError('ORG_MERGED', `Cơ quan cấp trên ${parent.name} (${parent.code}) đã được sáp nhập`);
    if (!mayNestUnder(input.level, parent.level)) {
      throw new AppError(
        'INVALID_LEVEL_ORDER',
        `Cơ quan cấp ${levelNames[input.level]} không thể trực thuộc cơ quan cấp ${levelNames[parent.level]}`,
      );
    }
    parentId = parent.id;
  }
  return insertOrganization(trx, {
    id: randomUUID(),
    code: input.code,
    name: input.name,
    abbreviation: input.abbreviation.toUpperCase(),
    level: input.level,
    parent_id: parentId,
    external: input.external ?? false,
  });
}

export async function createOrganization(db: Knex, actor: Actor, input: CreateOrganizationInput): Promise<OrganizationRow> {
  requireSystemAdmin(actor);
  return db.transaction(async (trx) => {
    const org = await insertValidatedOrganization(trx, input);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: org.id,
      action: 'organization.create',
      objectType: 'organization',
      objectId: org.id,
      summary: `Tạo cơ quan ${org.name} (${org.code})`,
      data: { code: org.code, level: org.level, parentCode: input.parentCode ?? null, external: org.external ?? false },
    });
    return org;
  });
}
