import type { Knex } from 'knex';
import { type Actor, hasRole } from '../shared/actor';
import { listOpenAssignmentsFor } from '../assignments/assignments.repository';
import { strongestPerDocument } from '../assignments/role-strength';
import { countUnread } from '../realtime/notifications.repository';
import { findUserById } from '../users/users.repository';
import { presentDocument, type DocumentView } from '../document-core/document.presenter';
import * as q from './inbox.repository';
import type { Inbox } from '../contract/documents';
import { sqlViewerOf, visibleDocumentIds } from '../document-core/secret-access.repository';
import type { InboxAssignment, InboxSection } from './inbox-types';

export type { InboxAssignment, InboxSection };


export const sectionTitles: Record<InboxSection, string> = {
  internal: 'Văn bản cơ quan gửi đến tôi / đơn vị tôi',
  pending_electronic: 'Văn bản điện tử chờ tiếp nhận',
  to_submit: 'Văn bản đã vào sổ, chờ trình',
  ready_to_issue: 'Văn bản chờ phát hành',
  recalled: 'Văn bản bị thu hồi, chờ xác nhận',
  awaiting_direction: 'Văn bản chờ cho ý kiến chỉ đạo',
  awaiting_signature: 'Dự thảo chờ duyệt, ký',
  my_drafts: 'Dự thảo của tôi',
  assigned: 'Công việc được giao',
};


export interface InboxItem {
  section: InboxSection;
  document: DocumentView;
  assignment?: InboxAssignment;
}

/** What waits for the caller, by role: the clerk's, the leader's and the official's home screens. */
export async function loadInbox(db: Knex, actor: Actor, now: Date): Promise<Inbox> {
  const orgId = actor.organizationId;
  const items: InboxItem[] = [];
  const add = (section: InboxSection, rows: Parameters<typeof presentDocument>[0][]) => rows.forEach((r) => items.push({ section, document: presentDocument(r, actor, { awaitingAcknowledgement: section === 'internal' }) }));
  if (orgId && hasRole(actor, 'clerk')) {
    add('pending_electronic', await q.pendingElectronic(db, orgId));
    add('to_submit', await q.registeredNotSubmitted(db, orgId));
    add('ready_to_issue', await q.readyToIssue(db, orgId));
    add('recalled', await q.withdrawnCopies(db, orgId));
  }
  if (hasRole(actor, 'leader')) {
    add('awaiting_direction', await q.awaitingDirection(db, actor.userId));
    add('awaiting_signature', await q.awaitingSignature(db, actor.userId));
  }
  add('my_drafts', await q.myDrafts(db, actor.userId));
  add('internal', await q.internalForMe(db, actor.userId));
  const me = await findUserById(db, actor.userId);
  const open = strongestPerDocument(await listOpenAssignmentsFor(db, actor.userId, me?.unit_id ?? null));
  const docs = new Map((await q.findDocumentsByIds(db, [...new Set(open.map((a) => a.document_id as string))])).map((d) => [d.id, d]));
  for (const a of open) {
    const deadline = a.deadline ? new Date(a.deadline) : null;
    items.push({
      section: 'assigned',
      document: presentDocument(docs.get(a.document_id)!, actor),
      assignment: { id: a.id, role: a.role, status: a.status, deadline: deadline?.toISOString() ?? null, overdue: a.overdue || (deadline !== null && deadline < now), percent: a.percent },
    });
  }
  // Sections select by role and participation; the need-to-know rule still has the last word.
  const visible = await visibleDocumentIds(db, sqlViewerOf(actor), items.map((i) => i.document.id));
  const shown = items.filter((i) => visible.has(i.document.id));
  const counts: Partial<Record<InboxSection, number>> = {};
  for (const item of shown) counts[item.section] = (counts[item.section] ?? 0) + 1;
  return { items: shown, counts, sections: sectionTitles, unread: await countUnread(db, actor.userId) };
}
