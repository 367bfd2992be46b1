import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { findDocument, lockDocument, type DocumentRow } from './documents.repository';
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
  if (!doc || !(await actorMayView(db, actor, doc))) throw notFoundDoc();
  return doc;
}

export async function lockDocumentFor(trx: Knex.Transaction, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = isUuid(id) ? await lockDocument(trx, id) : undefined;
  if (!doc || !(await actorMayView(trx, actor, doc))) throw notFoundDoc();
  return doc;
}

/** The one visibility rule for a loaded document (lists and search use its SQL twin). */
export async function actorMayView(db: Knex, actor: Actor, doc: DocumentRow): Promise<boolean> {
  if (doc.organization_id !== actor.organizationId) return false;
  if (doc.secrecy === 'normal' && !(await isInSecretRegister(db, doc.register_id))) return true;
  return mayView(await viewerFor(db, actor), await loadAccessFacts(db, doc));
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
