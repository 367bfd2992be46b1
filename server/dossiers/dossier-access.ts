import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import type { DossierContext } from './dossier-workflow';
import { findDossier, lockDossier, type DossierRow } from './dossiers.repository';

const notFoundDossier = () => new AppError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');

/** Dossiers belong to one agency; unknown and foreign ids look the same. */
export async function loadDossierFor(db: Knex, actor: Actor, id: string): Promise<DossierRow> {
  const row = isUuid(id) ? await findDossier(db, id) : undefined;
  if (!row || row.organization_id !== actor.organizationId) throw notFoundDossier();
  return row;
}

export async function lockDossierFor(trx: Knex.Transaction, actor: Actor, id: string): Promise<DossierRow> {
  const row = isUuid(id) ? await lockDossier(trx, id) : undefined;
  if (!row || row.organization_id !== actor.organizationId) throw notFoundDossier();
  return row;
}

export const dossierContext = (actor: Actor, d: DossierRow): DossierContext => ({
  state: d.status,
  roles: actor.roles,
  isOwner: d.owner_id === actor.userId,
  isApprover: d.approver_id === actor.userId,
  archived: d.archive_transfer_id !== null,
});

/** The people working on a dossier: they add documents, attachments and opinions. */
export function requireParticipant(actor: Actor, d: DossierRow): void {
  const coordinators = Array.isArray(d.coordinator_ids) ? d.coordinator_ids : [];
  if (d.owner_id !== actor.userId && d.approver_id !== actor.userId && !coordinators.includes(actor.userId)) {
    throw new AppError('FORBIDDEN', 'Chỉ người giải quyết, người phối hợp và lãnh đạo duyệt hồ sơ được thực hiện');
  }
}

/** Everyone to tell about a change, except the one who made it. */
export const watchersOf = (d: DossierRow, actorId: string): string[] =>
  [...new Set([d.owner_id, d.approver_id, ...(Array.isArray(d.coordinator_ids) ? d.coordinator_ids : [])])].filter((id) => id !== actorId);

export const ymd = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10));
