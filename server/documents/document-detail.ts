import type { Knex } from 'knex';
import type { DocumentDetail } from '../contract/documents';
import { assignmentActions } from '../assignments/assignment-workflow';
import { findUserById } from '../users/users.repository';
import { listAssignmentsOf, listDirectionsOf, listUpdatesOf } from '../assignments/assignments.repository';
import { deliveryStatusText, type DeliveryStatus } from '../routing/delivery-codes';
import { listDeliveriesOf, listDeliveryEvents } from '../routing/deliveries.repository';
import { presentDocument } from '../document-core/document.presenter';
import type { Actor } from '../shared/actor';
import { awaitsInternalAcknowledgement, listComments, listVersions, type DocumentRow } from '../document-core/documents.repository';
import { answerLinksOf } from '../replies/answer-links';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
/** For columns that are never null (creation times). */
const at = (d: Date | string) => new Date(d).toISOString();

/** Everything the document page shows, each part through a whitelist. */
export async function loadDocumentDetail(db: Knex, doc: DocumentRow, viewer: Pick<Actor, 'userId' | 'roles'>, { heldBy }: { heldBy?: string } = {}): Promise<DocumentDetail> {
  const readOnly = heldBy !== undefined;
  const [versions, comments, directions, assignments, deliveries, awaitingAcknowledgement, me, answerLinks] = await Promise.all([
    listVersions(db, doc.id),
    listComments(db, doc.id),
    listDirectionsOf(db, doc.id),
    listAssignmentsOf(db, doc.id),
    listDeliveriesOf(db, doc.id),
    awaitsInternalAcknowledgement(db, doc.id, viewer.userId),
    findUserById(db, viewer.userId),
    answerLinksOf(db, doc),
  ]);
  const updates = assignments.length ? await listUpdatesOf(db, assignments.map((a) => a.id)) : [];
  const events = deliveries.length ? await listDeliveryEvents(db, deliveries.map((d) => d.id)) : [];
  return {
    document: presentDocument(doc, readOnly ? undefined : viewer, { awaitingAcknowledgement }),
    /** Incoming: the drafts/issued documents answering it. Outgoing: the incoming documents it answers. */
    replies: answerLinks.replies,
    answers: answerLinks.answers,
    ...(readOnly ? { heldBy } : {}),
    versions: versions.map((v) => ({ version: v.version, fileName: v.file_name, size: Number(v.size), kind: v.kind, note: v.note, createdAt: at(v.created_at) })),
    comments: comments.map((c) => ({ id: c.id, body: c.body, author: c.author_name, createdAt: at(c.created_at) })),
    directions: directions.map((d) => ({ id: d.id, leader: d.leader_name, instruction: d.instruction, deadline: iso(d.deadline), createdAt: at(d.created_at) })),
    assignments: assignments.map((a) => ({
      id: a.id,
      directionId: a.direction_id,
      role: a.role,
      assignee: a.user_name ?? a.unit_name,
      assigneeUserId: a.assignee_user_id,
      assigneeUnitId: a.assignee_unit_id,
      deadline: iso(a.deadline),
      status: a.status,
      percent: a.percent,
      overdue: a.overdue,
      result: a.result,
      completedAt: iso(a.completed_at),
      updates: updates.filter((u) => u.assignment_id === a.id).map((u) => ({ note: u.note, percent: u.percent, author: u.author_name, at: at(u.created_at) })),
      allowedActions: readOnly ? [] : assignmentActions(a, viewer, me?.unit_id ?? null),
    })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      orgCode: d.org_code,
      orgName: d.org_name,
      status: d.status,
      statusText: deliveryStatusText[d.status as DeliveryStatus],
      reason: d.reason,
      timeline: events.filter((e) => e.delivery_id === d.id).map((e) => ({ status: e.status, statusText: deliveryStatusText[e.status as DeliveryStatus], at: at(e.at), by: e.actor_name ?? null, reason: e.reason })),
    })),
  };
}
