import { randomUUID } from 'node:crypto';
import { directionSchema, type DirectionInput } from '../contract/assignments';
import type { Actor } from '../shared/actor';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { AppError } from '../shared/errors';
import { listDescendants } from '../organizations/organizations.repository';
import { enqueueDeliveries } from '../exchange/queue-packages';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { relayDeliveryStatus } from '../exchange/relay-status';
import { inTransaction, type UnitOfWork } from '../shared/unit-of-work';
import { resolveAssignee, type AssigneeInput } from './assignee';
import { insertAssignment, insertDirection, type AssignmentRole } from './assignments.repository';
import { parseDeadline } from './deadline';
import { ROLE_STRENGTH } from './role-strength';
import { findUserById } from '../users/users.repository';

export { directionSchema, type DirectionInput };

/** The leader's instruction (bút phê): one lead, coordinators, for-information, a deadline; optionally forwarded down. */
export async function directDocument(deps: Pick<WorkflowDeps, 'db' | 'now' | 'publisher' | 'runDeliveries'>, actor: Actor, documentId: string, raw: DirectionInput): Promise<DocumentRow> {
  const input = directionSchema.parse(raw);
  const deadline = input.deadline ? parseDeadline(input.deadline) : null;
  if (deadline && deadline.getTime() < deps.now().getTime()) throw new AppError('VALIDATION_FAILED', 'Hạn xử lý đã qua');
  const directed = await inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const status = requireDocumentTransition(doc, actor, 'direct');
    const directionId = randomUUID();
    await insertDirection(uow.trx, { id: directionId, document_id: doc.id, leader_id: actor.userId, instruction: input.instruction, deadline });
    const plan = strongestPerAssignee([['lead', input.lead], ...input.coordinators.map((a): [AssignmentRole, AssigneeInput] => ['coordinate', a]), ...input.inform.map((a): [AssignmentRole, AssigneeInput] => ['inform', a])]);
    const all = await Promise.all(plan.map(async ([role, a]) => ({ role, assignee: await resolveAssignee(uow.trx, doc.organization_id, a) })));
    // A person picked by name and also through their own unit: the unit's assignment already covers
    // them unless their own role is stronger; they never get two.
    const unitRoleOf = new Map(all.filter((r) => r.assignee.unitId).map((r) => [r.assignee.unitId!, r.role]));
    const resolved: typeof all = [];
    for (const r of all) {
      const unitId = r.assignee.userId ? (await findUserById(uow.trx, r.assignee.userId))?.unit_id : null;
      const viaUnit = unitId ? unitRoleOf.get(unitId) : undefined;
      if (viaUnit && ROLE_STRENGTH[viaUnit] >= ROLE_STRENGTH[r.role]) continue;
      resolved.push(r);
    }
    const names: string[] = [];
    // Each person hears of this direction once, under their strongest role.
    const toldAs = new Map<string, { role: AssignmentRole; assignmentId: string }>();
    for (const { role, assignee } of resolved) {
      const assignment = await insertAssignment(uow.trx, {
        id: randomUUID(),
        document_id: doc.id,
        direction_id: directionId,
        organization_id: doc.organization_id,
        role,
        assignee_user_id: assignee.userId,
        assignee_unit_id: assignee.unitId,
        deadline: role === 'inform' ? null : deadline,
        status: role === 'inform' ? 'completed' : 'assigned',
      });
      names.push(`${role === 'lead' ? 'chủ trì' : role === 'coordinate' ? 'phối hợp' : 'để biết'}: ${assignee.name}`);
      for (const id of assignee.notifyIds) {
        const told = toldAs.get(id);
        if (!told || ROLE_STRENGTH[role] > ROLE_STRENGTH[told.role] || (assignee.userId === id && ROLE_STRENGTH[role] === ROLE_STRENGTH[told.role])) toldAs.set(id, { role, assignmentId: assignment.id });
      }
    }
    // One event per person per direction (one toast): `assignment:new` also refreshes their inbox,
    // so a separate `inbox:new` would only be a second toast about the same instruction.
    for (const [userId, { role, assignmentId }] of toldAs) {
      await uow.notify([userId], 'assignment:new', { ...documentRef(doc), assignmentId, role, deadline: deadline?.toISOString() ?? null, instruction: input.instruction });
    }
    const updated = await updateDocument(uow.trx, doc.id, { status });
    await changeDeliveryStatus(uow, actor, doc.source_delivery_id, DELIVERY_STATUS.assigned, null, relayDeliveryStatus);
    if (input.forwardTo.length > 0) await forwardDown(uow, actor, doc, input.forwardTo);
    await uow.audit({
      actorId: actor.userId,
      organizationId: doc.organization_id,
      action: 'document.direct',
      objectType: 'document',
      objectId: doc.id,
      summary: `Ý kiến chỉ đạo: ${input.instruction} (${names.join('; ')})`,
      data: { directionId, deadline: deadline?.toISOString() ?? null, forwardTo: input.forwardTo },
    });
    return updated;
  });
  if (input.forwardTo.length > 0) await deps.runDeliveries(directed.id);
  return directed;
}

/** The same person or unit picked twice (as lead and coordinator, say) keeps only its strongest role. */
function strongestPerAssignee(plan: [AssignmentRole, AssigneeInput][]): [AssignmentRole, AssigneeInput][] {
  const byKey = new Map<string, [AssignmentRole, AssigneeInput]>();
  for (const [role, a] of plan) {
    const key = 'userId' in a ? `u:${a.userId}` : `n:${a.unitId}`;
    const seen = byKey.get(key);
    if (!seen || ROLE_STRENGTH[role] > ROLE_STRENGTH[seen[0]]) byKey.set(key, [role, a]);
  }
  return [...byKey.values()];
}

/** Queues copies for organisations below this one; the deliveries run as jobs once the direction commits. */
async function forwardDown(uow: UnitOfWork, actor: Actor, doc: DocumentRow, codes: string[]): Promise<void> {
  if (!doc.file_key) throw new AppError('INVALID_STATE', 'Văn bản không có tệp điện tử để chuyển tiếp');
  const below = await listDescendants(uow.trx, doc.organization_id);
  const byCode = new Map(below.map((o) => [o.code, o]));
  const targets = [...new Set(codes)].map((code) => {
    const org = byCode.get(code);
    if (!org) throw new AppError('VALIDATION_FAILED', `Chỉ chuyển tiếp được cho cơ quan cấp dưới; ${code} không phải cơ quan cấp dưới`);
    return org;
  });
  await enqueueDeliveries(uow.trx, doc.id, targets.map((o) => o.id), actor.userId);
}
