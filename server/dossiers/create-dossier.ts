import { subjectAreaFor } from '../organizations/catalog';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../shared/actor';
import { loadDocumentFor } from '../document-core/document-access';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import type { createDossierSchema } from './dossier-contract';
import { loadDossierFor, watchersOf } from './dossier-access';
import { insertDossier, insertLink, nextCodeNumber, type DossierRow } from './dossiers.repository';
import { findFilePlanItem } from './file-plan.repository';

async function requireColleague(db: Knex, actor: Actor, userId: string, what: string, role?: 'leader') {
  const user = await findUserById(db, userId);
  if (!user || user.organization_id !== actor.organizationId) throw new AppError('USER_NOT_FOUND', `${what} không thuộc cơ quan`);
  if (role && !(user.roles as string[]).includes(role)) throw new AppError('VALIDATION_FAILED', `${what} phải là lãnh đạo`);
  return user;
}

/**
 * Opens a work dossier (lập hồ sơ): against the year's file plan when a code is given (its retention
 * is kept with the dossier), under a parent dossier when it is a sub-dossier, with documents linked
 * at once (opening it from an incoming document).
 */
export async function createDossier(deps: TransactionDeps, actor: Actor, input: z.infer<typeof createDossierSchema>): Promise<DossierRow> {
  const orgId = actor.organizationId;
  if (!orgId) throw new AppError('FORBIDDEN', 'Hồ sơ thuộc về một cơ quan');
  if (input.deadline && input.deadline < input.openedOn) throw new AppError('VALIDATION_FAILED', 'Hạn giải quyết phải sau ngày mở hồ sơ');
  await requireColleague(deps.db, actor, input.ownerId, 'Người giải quyết');
  await requireColleague(deps.db, actor, input.approverId, 'Lãnh đạo duyệt', 'leader');
  for (const id of input.coordinatorIds) await requireColleague(deps.db, actor, id, 'Người phối hợp');
  const parent = input.parentId ? await loadDossierFor(deps.db, actor, input.parentId) : null;
  if (parent && ['cancelled'].includes(parent.status)) throw new AppError('INVALID_STATE', 'Hồ sơ cha đã hủy');
  const field = await subjectAreaFor(deps.db, orgId, input.field);
  const year = Number(input.openedOn.slice(0, 4));
  const plan = input.filePlanCode ? await findFilePlanItem(deps.db, orgId, year, input.filePlanCode) : undefined;
  if (input.filePlanCode && !plan) throw new AppError('NOT_FOUND', `Danh mục hồ sơ năm ${year} không có mã ${input.filePlanCode}`);
  const docs: Awaited<ReturnType<typeof loadDocumentFor>>[] = [];
  for (const id of [...new Set(input.documentIds)]) docs.push(await loadDocumentFor(deps.db, actor, id));
  return inTransaction(deps, async (uow) => {
    const prefix = plan ? `${plan.code}.` : `HS${year}.`;
    const code = `${prefix}${String(await nextCodeNumber(uow.trx, orgId, prefix)).padStart(2, '0')}`;
    const dossier = await insertDossier(uow.trx, {
      id: randomUUID(),
      organization_id: orgId,
      parent_id: parent?.id ?? null,
      file_plan_item_id: plan?.id ?? null,
      code,
      title: input.title,
      field: field ?? null,
      opened_on: input.openedOn,
      deadline: input.deadline ?? null,
      owner_id: input.ownerId,
      approver_id: input.approverId,
      coordinator_ids: JSON.stringify([...new Set(input.coordinatorIds)]),
      notes: input.notes ?? null,
      status: 'created',
      retention_years: plan ? plan.retention_years : null,
      permanent: plan ? plan.retention_years === null : false,
      source_document_id: docs[0]?.id ?? null,
      created_by: actor.userId,
    });
    for (const doc of docs) await insertLink(uow.trx, { dossier_id: dossier.id, document_id: doc.id, added_by: actor.userId });
    const me = await findUserById(uow.trx, actor.userId);
    await uow.notify(watchersOf(dossier, actor.userId), 'dossier:changed', { documentId: dossier.source_document_id ?? '', subject: dossier.title, symbol: dossier.code, dossierId: dossier.id, title: dossier.title, status: dossier.status, action: 'Lập hồ sơ', by: me?.full_name ?? '' });
    await uow.audit({
      actorId: actor.userId, organizationId: orgId, action: 'dossier.create', objectType: 'dossier', objectId: dossier.id,
      summary: `Lập hồ sơ ${code}: ${input.title}${docs.length ? ` (từ văn bản ${docs.map((d) => d.symbol ?? d.subject).join('; ')})` : ''}`,
      data: { code, filePlanCode: plan?.code ?? null, parentId: parent?.id ?? null, documents: docs.map((d) => d.id) },
    });
    for (const doc of docs) {
      await uow.audit({ actorId: actor.userId, organizationId: orgId, action: 'dossier.link', objectType: 'document', objectId: doc.id, summary: `Đưa vào hồ sơ ${code}: ${input.title}`, data: { dossierId: dossier.id } });
    }
    return dossier;
  });
}
