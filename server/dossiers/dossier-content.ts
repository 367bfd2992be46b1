import { subjectAreaFor } from '../organizations/catalog';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../shared/actor';
import { loadDocumentFor } from '../document-core/document-access';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps, type UnitOfWork } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import type { forwardOpinionSchema, opinionSchema, updateDossierSchema } from './dossier-contract';
import { lockDossierFor, requireParticipant, watchersOf } from './dossier-access';
import { OPEN_STATES } from './dossier-workflow';
import { deleteLink, findOpinion, insertLink, insertOpinion, updateDossier, type DossierRow } from './dossiers.repository';

function requireOpen(d: DossierRow, what: string): void {
  if (!OPEN_STATES.includes(d.status)) throw new AppError('INVALID_STATE', `Không thể ${what} khi hồ sơ đã trình, đã kết thúc hoặc đã hủy`);
}

async function announce(uow: UnitOfWork, actor: Actor, d: DossierRow, action: string, extra: string[] = []): Promise<void> {
  const me = await findUserById(uow.trx, actor.userId);
  await uow.notify([...new Set([...watchersOf(d, actor.userId), ...extra])], 'dossier:changed', { documentId: d.source_document_id ?? '', subject: d.title, symbol: d.code, dossierId: d.id, title: d.title, status: d.status, action, by: me?.full_name ?? '' });
}

/** Adds a document (incoming, outgoing or draft of this agency) to the dossier. */
export async function linkDocument(deps: TransactionDeps, actor: Actor, id: string, documentId: string): Promise<DossierRow> {
  const doc = await loadDocumentFor(deps.db, actor, documentId);
  return inTransaction(deps, async (uow) => {
    const d = await lockDossierFor(uow.trx, actor, id);
    requireParticipant(actor, d);
    requireOpen(d, 'thêm văn bản');
    if (!(await insertLink(uow.trx, { dossier_id: d.id, document_id: doc.id, added_by: actor.userId }))) throw new AppError('INVALID_STATE', 'Văn bản đã có trong hồ sơ');
    await announce(uow, actor, d, `Thêm văn bản ${doc.symbol ?? doc.subject}`);
    await uow.audit({ actorId: actor.userId, organizationId: d.organization_id, action: 'dossier.link', objectType: 'dossier', objectId: d.id, summary: `Thêm văn bản vào hồ sơ: ${doc.symbol ? `${doc.symbol} — ` : ''}${doc.subject}`, data: { documentId: doc.id } });
    return d;
  });
}

export async function unlinkDocument(deps: TransactionDeps, actor: Actor, id: string, documentId: string): Promise<DossierRow> {
  return inTransaction(deps, async (uow) => {
    const d = await lockDossierFor(uow.trx, actor, id);
    requireParticipant(actor, d);
    requireOpen(d, 'bỏ văn bản');
    if ((await deleteLink(uow.trx, d.id, documentId)) === 0) throw new AppError('NOT_FOUND', 'Văn bản không có trong hồ sơ');
    await uow.audit({ actorId: actor.userId, organizationId: d.organization_id, action: 'dossier.unlink', objectType: 'dossier', objectId: d.id, summary: 'Bỏ một văn bản khỏi hồ sơ', data: { documentId } });
    return d;
  });
}

/** Progress, notes, deadline, subject area: the official in charge keeps them current. */
export async function updateDossierProgress(deps: TransactionDeps, actor: Actor, id: string, input: z.infer<typeof updateDossierSchema>): Promise<DossierRow> {
  return inTransaction(deps, async (uow) => {
    const d = await lockDossierFor(uow.trx, actor, id);
    if (d.owner_id !== actor.userId && d.approver_id !== actor.userId) throw new AppError('FORBIDDEN', 'Chỉ người giải quyết hoặc lãnh đạo duyệt được cập nhật hồ sơ');
    requireOpen(d, 'cập nhật');
    const changes: Partial<DossierRow> = {};
    if (input.progress !== undefined) changes.progress = input.progress;
    if (input.notes !== undefined) changes.notes = input.notes;
    if (input.deadline !== undefined) changes.deadline = input.deadline;
    if (input.field !== undefined) changes.field = (await subjectAreaFor(uow.trx, d.organization_id, input.field)) ?? null;
    const updated = await updateDossier(uow.trx, d.id, changes);
    await announce(uow, actor, updated, input.progress !== undefined ? `Cập nhật tiến độ ${input.progress}%` : 'Cập nhật hồ sơ');
    await uow.audit({ actorId: actor.userId, organizationId: d.organization_id, action: 'dossier.update', objectType: 'dossier', objectId: d.id, summary: `Cập nhật hồ sơ${input.progress !== undefined ? `: tiến độ ${input.progress}%` : ''}${input.notes ? `; ghi chú: ${input.notes}` : ''}`, data: input });
    return updated;
  });
}

/** An opinion in the dossier's thread (ý kiến xử lý), optionally addressed to a colleague. */
export async function addOpinion(deps: TransactionDeps, actor: Actor, id: string, input: z.infer<typeof opinionSchema>, forwardedFrom: string | null = null): Promise<DossierRow> {
  return inTransaction(deps, async (uow) => {
    const d = await lockDossierFor(uow.trx, actor, id);
    requireParticipant(actor, d);
    let to = null;
    if (input.forwardTo) {
      to = await findUserById(uow.trx, input.forwardTo);
      if (!to || to.organization_id !== d.organization_id) throw new AppError('USER_NOT_FOUND', 'Người nhận ý kiến không thuộc cơ quan');
    }
    await insertOpinion(uow.trx, { id: randomUUID(), dossier_id: d.id, author_id: actor.userId, body: input.body, forwarded_to: to?.id ?? null, forwarded_from: forwardedFrom });
    // A colleague an opinion is forwarded to joins the dossier as a coordinator, so they can answer.
    const coordinators = Array.isArray(d.coordinator_ids) ? d.coordinator_ids : [];
    if (to && ![d.owner_id, d.approver_id, ...coordinators].includes(to.id)) await updateDossier(uow.trx, d.id, { coordinator_ids: JSON.stringify([...coordinators, to.id]) as unknown as string[] });
    await announce(uow, actor, d, to ? `Chuyển ý kiến cho ${to.full_name}` : 'Ý kiến xử lý mới', to ? [to.id] : []);
    await uow.audit({ actorId: actor.userId, organizationId: d.organization_id, action: 'dossier.opinion', objectType: 'dossier', objectId: d.id, summary: `Ý kiến xử lý${to ? ` (gửi ${to.full_name})` : ''}: ${input.body}`, data: { forwardedTo: to?.id ?? null, forwardedFrom } });
    return d;
  });
}

/** Forwards an existing opinion to a colleague (chuyển ý kiến), quoting it. */
export async function forwardOpinion(deps: TransactionDeps, actor: Actor, id: string, opinionId: string, input: z.infer<typeof forwardOpinionSchema>): Promise<DossierRow> {
  const opinion = /^[0-9a-f-]{36}$/i.test(opinionId) ? await findOpinion(deps.db, opinionId) : undefined;
  if (!opinion || opinion.dossier_id !== id) throw new AppError('NOT_FOUND', 'Không tìm thấy ý kiến');
  const body = `${input.note ? `${input.note}\n` : ''}» ${opinion.body}`;
  return addOpinion(deps, actor, id, { body, forwardTo: input.toUserId }, opinion.id);
}
