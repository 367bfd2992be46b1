import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/errors';
import { LEVELS } from './org-code';
import { createUnitSchema, insertValidatedUnit } from './create-unit';
import { insertValidatedOrganization, organizationCodeSchema } from './create-organization';
import { findOrganizationByCode, findUnitByAbbreviation } from './organizations.repository';

export interface OrganizationTreeNode {
  code: string;
  name: string;
  abbreviation: string;
  level: (typeof LEVELS)[number];
  /** Reached through the exchange axis (the national code list of other systems' agencies). */
  external?: boolean;
  units?: { name: string; abbreviation: string }[];
  children?: OrganizationTreeNode[];
}

const nodeSchema: z.ZodType<OrganizationTreeNode> = z.lazy(() =>
  z.object({
    code: organizationCodeSchema,
    name: z.string().trim().min(2).max(300),
    abbreviation: z.string().trim().min(1).max(30),
    level: z.enum(LEVELS),
    external: z.boolean().optional(),
    units: z.array(createUnitSchema).optional(),
    children: z.array(nodeSchema).optional(),
  }),
);

/** `{ "parentCode"?: "...", "organizations": [tree…] }` or a bare array of trees. */
export const organizationImportSchema = z.union([
  z.object({ parentCode: organizationCodeSchema.optional(), organizations: z.array(nodeSchema).min(1) }),
  z.array(nodeSchema).min(1).transform((organizations) => ({ parentCode: undefined, organizations })),
]);

export interface ImportResult {
  created: number;
  skipped: number;
  units: number;
}

/**
 * Imports whole trees in one transaction: either every organisation lands or none does.
 * Organisations already present with the same code are kept (so a file can be re-imported to add
 * new branches); their new units are added.
 */
export async function importOrganizations(db: Knex, actorId: string | null, raw: unknown): Promise<ImportResult> {
  const parsed = organizationImportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('INVALID_IMPORT_FILE', `Tệp nhập cơ quan không hợp lệ tại ${first.path.join('.') || 'gốc'}: ${first.message}`);
  }
  const result: ImportResult = { created: 0, skipped: 0, units: 0 };
  await db.transaction(async (trx) => {
    const visit = async (node: OrganizationTreeNode, parentCode: string | undefined): Promise<void> => {
      let org = await findOrganizationByCode(trx, node.code);
      if (org) {
        result.skipped += 1;
      } else {
        org = await insertValidatedOrganization(trx, { ...node, parentCode });
        result.created += 1;
      }
      for (const unit of node.units ?? []) {
        if (await findUnitByAbbreviation(trx, org.id, unit.abbreviation)) continue;
        await insertValidatedUnit(trx, org.id, unit);
        result.units += 1;
      }
      for (const child of node.children ?? []) await visit(child, node.code);
    };
    for (const root of parsed.data.organizations) await visit(root, parsed.data.parentCode);
    await recordAudit(trx, {
      actorId,
      organizationId: null,
      action: 'organization.import',
      objectType: 'organization',
      objectId: 'import',
      summary: `Nhập cây cơ quan: ${result.created} cơ quan mới, ${result.units} đơn vị mới, ${result.skipped} đã có`,
      data: { ...result },
    });
  });
  return result;
}
