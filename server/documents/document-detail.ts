import type { Knex } from 'knex';
import { listAssignmentsOf, listDirectionsOf, listUpdatesOf } from '../assignments/assignments.repository';
import { deliveryStatusText, type DeliveryStatus } from '../routing/delivery-codes';
import { listDeliveriesOf, listDeliveryEvents } from '../routing/deliveries.repository';
import { presentDocument } from './document.presenter';
import { listComments, listVersions, type DocumentRow } from './documents.repository';
import { answerLinksOf } from '../replies/answer-links';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Everything the document page shows, each part through a whitelist. */
export async function loadDocumentDetail(db: Knex, doc: DocumentRow) {
  const [versions, comments, directions, assignments, deliveries, answerLinks] = await Promise.all([
    listVersions(db, doc.id),
    listComments(db, doc.id),
    listDirectionsOf(db, doc.id),
    listAssignmentsOf(db, doc.id),
    listDeliveriesOf(db, doc.id),
    answerLinksOf(db, doc),
  ]);
  const updates = assignments.length ? await listUpdatesOf(db, assignments.map((a) => a.id)) : [];
  const events = deliveries.length ? await listDeliveryEvents(db, deliveries.map((d) => d.id)) : [];
  return {
    document: presentDocument(doc),
    /** Incoming: the drafts/issued documents answering it. Outgoing: the incoming documents it answers. */
    replies: answerLinks.replies,
    answers: answerLinks.answers,
    versions: versions.map((v) => ({ version: v.version, fileName: v.file_name, size: Number(v.size), kind: v.kind, note: v.note, createdAt: iso(v.created_at) })),
    comments: comments.map((c) => ({ id: c.id, body: c.body, author: c.author_name, createdAt: iso(c.created_at) })),
    directions: directions.map((d) => ({ id: d.id, leader: d.leader_name, instruction: d.instruction, deadline: iso(d.deadline), createdAt: iso(d.created_at) })),
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
      updates: updates.filter((u) => u.assignment_id === a.id).map((u) => ({ note: u.note, percent: u.percent, author: u.author_name, at: iso(u.created_at) })),
    })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      orgCode: d.org_code,
      orgName: d.org_name,
      status: d.status,
      statusText: deliveryStatusText[d.status as DeliveryStatus],
      reason: d.reason,
      timeline: events.filter((e) => e.delivery_id === d.id).map((e) => ({ status: e.status, statusText: deliveryStatusText[e.status as DeliveryStatus], at: iso(e.at), by: e.actor_name ?? null, reason: e.reason })),
    })),
  };
}
