import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import { listAuditEventsFor } from '../audit/audit.repository';
import { dossierStatusNames, type DossierSummaryView, type DossierView } from './dossier-contract';
import { dossierContext, ymd } from './dossier-access';
import { dossierActions } from './dossier-workflow';
import { attachmentsOf, childrenOf, findListRow, linksOf, opinionsOf, usersByIds, type DossierListRow, type DossierRow } from './dossiers.repository';
import { findFilePlanItemById } from './file-plan.repository';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);
const CLOSED = ['completed', 'cancelled'];

export const retentionText = (d: Pick<DossierRow, 'retention_years' | 'permanent'>): string => (d.permanent ? 'Vĩnh viễn' : d.retention_years ? `${d.retention_years} năm` : 'Chưa xác định');

/** One row of a dossier list; overdue when still open past its deadline (Vietnamese calendar day). */
export function presentDossierSummary(d: DossierListRow, today: string): DossierSummaryView {
  const deadline = ymd(d.deadline);
  return {
    id: d.id,
    code: d.code,
    title: d.title,
    field: d.field,
    status: d.status,
    statusText: dossierStatusNames[d.status],
    openedOn: ymd(d.opened_on)!,
    deadline,
    overdue: Boolean(deadline && deadline < today && !CLOSED.includes(d.status)),
    progress: d.progress,
    owner: { id: d.owner_id, name: d.owner_name },
    approver: { id: d.approver_id, name: d.approver_name },
    archived: d.archive_transfer_id !== null,
  };
}

/** The dossier page: state and what this actor may do, documents, sub-dossiers, attachments, opinions and history. */
export async function loadDossierView(db: Knex, actor: Actor, d: DossierRow, today: string): Promise<DossierView> {
  const [row, links, children, attachments, opinions, events, plan] = await Promise.all([
    findListRow(db, d.id),
    linksOf(db, d.id),
    childrenOf(db, d.id),
    attachmentsOf(db, d.id),
    opinionsOf(db, d.id),
    listAuditEventsFor(db, 'dossier', d.id),
    d.file_plan_item_id ? findFilePlanItemById(db, d.file_plan_item_id) : Promise.resolve(undefined),
  ]);
  const coordinatorIds = Array.isArray(d.coordinator_ids) ? d.coordinator_ids : [];
  const people = await usersByIds(db, [...new Set([...coordinatorIds, ...events.map((e) => e.actor_id).filter((x): x is string => !!x)])]);
  const nameOf = (id: string | null) => (id ? (people.find((p) => p.id === id)?.full_name ?? null) : null);
  return {
    ...presentDossierSummary(row!, today),
    notes: d.notes,
    statusReason: d.status_reason,
    parentId: d.parent_id,
    filePlanCode: plan?.code ?? null,
    retention: retentionText(d),
    closedOn: ymd(d.closed_on),
    coordinators: coordinatorIds.map((id) => ({ id, name: nameOf(id) ?? '' })),
    allowedActions: dossierActions(dossierContext(actor, d)),
    links: links.map((l) => ({ documentId: l.document_id, direction: l.direction, status: l.status, symbol: l.symbol, subject: l.subject, date: ymd(l.issued_date), addedAt: iso(l.added_at)! })),
    children: children.map((c) => presentDossierSummary(c, today)),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, size: Number(a.size), signedBy: a.signer_name ?? null, signedAt: iso(a.signed_at), addedAt: iso(a.added_at)! })),
    opinions: opinions.map((o) => ({ id: o.id, author: o.author_name, body: o.body, forwardedTo: o.forwarded_name ?? null, createdAt: iso(o.created_at)! })),
    history: events.map((e) => ({ at: iso(e.at)!, action: e.action, summary: e.summary, actor: nameOf(e.actor_id) })),
  };
}
