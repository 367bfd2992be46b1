import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { findDocument, lockDocument, type DocumentRow } from './documents.repository';
import type { DocumentStatus } from './document-types';

const notFoundDoc = () => new AppError('DOCUMENT_NOT_FOUND', 'Không tìm thấy văn bản');

/**
 * A document belongs to one organisation's copy; other organisations see their own copies (made
 * when it was delivered to them), never this row. Unknown and foreign ids look the same: 404.
 */
export async function loadDocumentFor(db: Knex, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = isUuid(id) ? await findDocument(db, id) : undefined;
  if (!doc || doc.organization_id !== actor.organizationId) throw notFoundDoc();
  return doc;
}

export async function lockDocumentFor(trx: Knex.Transaction, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = isUuid(id) ? await lockDocument(trx, id) : undefined;
  if (!doc || doc.organization_id !== actor.organizationId) throw notFoundDoc();
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
