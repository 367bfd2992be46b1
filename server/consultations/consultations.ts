import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { assigneeSchema, resolveAssignee } from '../assignments/assignee';
import { loadDocumentFor, requireDirection } from '../document-core/document-access';
import { documentRef } from '../document-core/document-ref';
import { findDocument } from '../document-core/documents.repository';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';

export const consultSchema = z.object({
  question: z.string().trim().min(3, 'Cần nội dung xin ý kiến').max(4000),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Hạn theo dạng YYYY-MM-DD').optional(),
  targets: z.array(assigneeSchema).min(1, 'Chọn ít nhất một người hoặc đơn vị').max(50),
});
export const answerSchema = z.object({ answer: z.string().trim().min(2, 'Cần nội dung góp ý').max(8000) });

export const consultationViewSchema = z.object({
  id: z.string(), question: z.string(), deadline: z.string().nullable(), target: z.string(), targetUserId: z.string().nullable(), targetUnitId: z.string().nullable(),
  requestedBy: z.string(), answer: z.string().nullable(), answeredBy: z.string().nullable(), answeredAt: z.string().nullable(), createdAt: z.string(), overdue: z.boolean(),
});

const OPEN_DRAFT = ['draft', 'returned', 'submitted', 'approved'];

/** Xin ý kiến: the drafter asks named people or units for their opinion on the draft by a deadline. */
export async function requestOpinions(deps: TransactionDeps, actor: Actor, documentId: string, input: z.infer<typeof consultSchema>): Promise<number> {
  const doc = await loadDocumentFor(deps.db, actor, documentId);
  requireDirection(doc, 'outgoing', 'xin ý kiến');
  if (!OPEN_DRAFT.includes(doc.status)) throw new AppError('INVALID_STATE', 'Chỉ xin ý kiến khi văn bản còn là dự thảo');
  if (doc.created_by !== actor.userId) throw new AppError('FORBIDDEN', 'Chỉ người soạn dự thảo được xin ý kiến');
  return inTransaction(deps, async (uow) => {
    const names: string[] = [];
    for (const target of input.targets) {
      const t = await resolveAssignee(uow.trx, doc.organization_id, target);
      await uow.trx('consultations').insert({ id: randomUUID(), document_id: doc.id, organization_id: doc.organization_id, requested_by: actor.userId, target_user_id: t.userId, target_unit_id: t.unitId, question: input.question, deadline: input.deadline ?? null });
      await uow.notify(t.notifyIds.filter((id) => id !== actor.userId), 'inbox:new', { ...documentRef(doc), reason: 'consulted' });
      names.push(t.name);
    }
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'draft.consult', objectType: 'document', objectId: doc.id, summary: `Xin ý kiến ${names.join(', ')}${input.deadline ? ` (hạn ${input.deadline.split('-').reverse().join('/')})` : ''}: ${input.question}`, data: { targets: input.targets, deadline: input.deadline ?? null } });
    return input.targets.length;
  });
}

/** A consulted person (or a member of the consulted unit) answers; the answer joins the draft's history. */
export async function answerConsultation(deps: TransactionDeps, actor: Actor, consultationId: string, input: z.infer<typeof answerSchema>): Promise<void> {
  await inTransaction(deps, async (uow) => {
    const c = isUuid(consultationId) ? await uow.trx('consultations').where({ id: consultationId }).forUpdate().first() : undefined;
    if (!c || c.organization_id !== actor.organizationId) throw new AppError('NOT_FOUND', 'Không tìm thấy yêu cầu xin ý kiến');
    const me = await findUserById(uow.trx, actor.userId);
    if (c.target_user_id !== actor.userId && !(c.target_unit_id && c.target_unit_id === me?.unit_id)) throw new AppError('FORBIDDEN', 'Yêu cầu xin ý kiến không gửi cho bạn');
    if (c.answered_at) throw new AppError('INVALID_STATE', 'Đã góp ý cho yêu cầu này');
    await uow.trx('consultations').where({ id: c.id }).update({ answer: input.answer, answered_by: actor.userId, answered_at: new Date() });
    const doc = (await findDocument(uow.trx, c.document_id))!;
    await uow.notify([c.requested_by, ...(doc.leader_id ? [doc.leader_id] : [])], 'inbox:new', { ...documentRef(doc), reason: 'opinion' });
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'draft.opinion', objectType: 'document', objectId: doc.id, summary: `Góp ý dự thảo (${me?.full_name ?? ''}): ${input.answer}`, data: { consultationId: c.id } });
  });
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const ymd = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10));

/** The draft's consultations with their answers: what the leader reads before signing. */
export async function consultationsOf(db: Knex, actor: Actor, documentId: string, today: string) {
  const doc = await loadDocumentFor(db, actor, documentId);
  const rows = await db('consultations as c')
    .join('users as r', 'r.id', 'c.requested_by')
    .leftJoin('users as u', 'u.id', 'c.target_user_id')
    .leftJoin('units as n', 'n.id', 'c.target_unit_id')
    .leftJoin('users as a', 'a.id', 'c.answered_by')
    .where('c.document_id', doc.id)
    .orderBy('c.created_at')
    .select('c.*', 'r.full_name as requester', 'u.full_name as user_name', 'n.name as unit_name', 'a.full_name as answerer');
  return rows.map((c) => {
    const deadline = ymd(c.deadline);
    return {
      id: c.id, question: c.question, deadline, target: c.user_name ?? c.unit_name, targetUserId: c.target_user_id, targetUnitId: c.target_unit_id,
      requestedBy: c.requester, answer: c.answer, answeredBy: c.answerer ?? null, answeredAt: iso(c.answered_at), createdAt: iso(c.created_at)!, overdue: Boolean(deadline && !c.answered_at && deadline < today),
    };
  });
}

/** Requests for opinions waiting for this user (by name or through their unit), oldest first. */
export async function pendingConsultationsFor(db: Knex, actor: Actor) {
  const me = await findUserById(db, actor.userId);
  const rows = await db('consultations as c')
    .join('documents as d', 'd.id', 'c.document_id')
    .join('users as r', 'r.id', 'c.requested_by')
    .whereNull('c.answered_at')
    .where('c.organization_id', actor.organizationId ?? '')
    .where((q) => {
      q.where('c.target_user_id', actor.userId);
      if (me?.unit_id) q.orWhere('c.target_unit_id', me.unit_id);
    })
    .orderBy('c.created_at')
    .limit(100)
    .select('c.id', 'c.question', 'c.deadline', 'c.document_id', 'd.subject', 'r.full_name as requester');
  return rows.map((c) => ({ id: c.id, question: c.question, deadline: ymd(c.deadline), documentId: c.document_id, subject: c.subject, requestedBy: c.requester }));
}
