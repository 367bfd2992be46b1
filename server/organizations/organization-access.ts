import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findOrganizationByCode, type OrganizationRow } from './organizations.repository';

/** Route parameters naming an organisation by its code (either code form, domain.md §1). */
export const codeParams = z.object({ code: z.string().min(1).max(35) });

/**
 * The directory of organisations (codes, names, levels) is public to every signed-in user: a clerk
 * must pick recipients anywhere in the four levels. Units and people are visible only inside the
 * organisation (or to the system admin).
 */
export async function getVisibleOrganization(db: Knex, code: string): Promise<OrganizationRow> {
  const org = await findOrganizationByCode(db, code);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${code}`);
  return org;
}

export function canSeeInside(actor: Actor, organizationId: string): boolean {
  return actor.isSystemAdmin || actor.organizationId === organizationId;
}
