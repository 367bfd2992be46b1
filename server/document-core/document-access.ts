import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { findDocument, lockDocument, type DocumentRow } from './documents.repository';
import { findOrganizationById, type OrganizationRow } from '../organizations/organizations.repository';
import type { DocumentStatus } from './document-types';
import { mayView } from './secret-access';
import { isInSecretRegister, loadAccessFacts, viewerFor } from './secret-access.repository';

const notFoundDoc = () => new AppError('DOCUMENT_NOT_FOUND', 'Không tìm thấy văn bản');

/**
 * A document belongs to one organisation's copy; other organisations see their own copies (made
 * when it was delivered to them), never this row. Secret documents are need-to-know
 * (secret-access.ts). Unknown, foreign and not-for-you ids look the same: 404.
 */
export async function loadDocumentFor(db: Knex, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = isUuid(id) ? await findDocument(db, id) : undefined;
  if (!doc || !(await actorMayView(db, actor, doc))) throw await refusal(db, actor, doc);
  return doc;
}

export async function lockDocumentFor(trx: Knex.Transaction, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = isUuid(id) ? await lockDocument(trx, id) : undefined;
  if (!doc || !(await actorMayView(trx, actor, doc))) throw await refusal(trx, actor, doc);
  return doc;
}

/** Not found — except a document the actor may read as held for an agency merged into theirs: it is read, not worked on. */
async function refusal(db: Knex, actor: Actor, doc: DocumentRow | undefined): Promise<AppError> {
  const holder = doc ? await absorbedHolder(db, actor, doc) : undefined;
  if (!holder) return notFoundDoc();
  return new AppError('ORG_MERGED', `Văn bản của ${holder.name} (đã sáp nhập) chỉ để tra cứu, không xử lý tiếp được trong cơ quan hiện tại`);
}

/**
 * The agency that held a document of another organisation, when that agency was merged into the
 * actor's and the actor passes the secrecy rule: the survivor's staff read what it held.
 */
async function absorbedHolder(db: Knex, actor: Actor, doc: DocumentRow): Promise<OrganizationRow | undefined> {
  if (doc.organization_id === actor.organizationId) return undefined;
  const holder = await findOrganizationById(db, doc.organization_id);
  if (!holder?.merged_into_id || holder.merged_into_id !== actor.organizationId) return undefined;
  return (await passesSecrecy(db, actor, doc)) ? holder : undefined;
}

/** The one visibility rule for a loaded document (lists and search use its SQL twin). */
export async function actorMayView(db: Knex, actor: Actor, doc: DocumentRow): Promise<boolean> {
  if (doc.organization_id !== actor.organizationId) return false;
  return passesSecrecy(db, actor, doc);
}

async function passesSecrecy(db: Knex, actor: Actor, doc: DocumentRow): Promise<boolean> {
  if (doc.secrecy === 'normal' && !(await isInSecretRegister(db, doc.register_id))) return true;
  // Held for the actor's agency (its own, or an absorbed agency's): the same need-to-know rule.
  return mayView(await viewerFor(db, actor), { ...(await loadAccessFacts(db, doc)), organizationId: actor.organizationId ?? '' });
}

/**
 * Reading only (the document page, its file, history and signature report): also the documents of
 * an agency merged into the actor's, under the same secrecy rule. Acting on them stays with
 * `loadDocumentFor` (their registers and numbering stay the absorbed agency's).
 */
export async function loadDocumentForReading(db: Knex, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = isUuid(id) ? await findDocument(db, id) : undefined;
  if (!doc) throw notFoundDoc();
  if (!(await actorMayView(db, actor, doc)) && !(await absorbedHolder(db, actor, doc))) throw notFoundDoc();
  return doc;
}

export function requireStatus(doc: DocumentRow, allowed: DocumentStatus[], action: string): void {
  if (!allowed.includes(doc.status)) {
    throw new AppError('INVALID_STATE', `Không thể ${action} khi văn bản ở trạng thái hiện tại (${doc.status})`);
  }
}

export function requireDirection(doc: DocumentRow, direction: DocumentRow['direction'], action: string): void {
  if (doc.direction !== direction) {
    throw new AppError('INVALID_STATE', `Không thể ${action}: đây là văn bản ${doc.direction === 'incoming' ? 'đến' : 'đi'}`);
  }
}
