import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { inTransaction } from '../shared/unit-of-work';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { updateDocument, insertVersion, type DocumentRow } from '../document-core/documents.repository';
import type { UploadedFile } from './multipart-upload';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export const versionMetaSchema = z.object({ note: z.string().trim().max(2000).optional() }).default({});

/** Each upload of a draft is a new version; older versions stay retrievable. */
export async function addDraftVersion(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, file: UploadedFile, note: string | undefined): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const status = requireDocumentTransition(doc, actor, 'add_version');
    const version = (doc.current_version ?? 0) + 1;
    await insertVersion(uow.trx, { id: randomUUID(), document_id: doc.id, version, file_key: file.blob.key, file_name: file.filename, size: file.blob.size, kind: 'upload', note: note ?? `Dự thảo lần ${version}`, created_by: actor.userId });
    const updated = await updateDocument(uow.trx, doc.id, { file_key: file.blob.key, file_name: file.filename, current_version: version, status });
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'draft.version', objectType: 'document', objectId: doc.id, summary: `Tải lên dự thảo lần ${version}`, data: { version, sha256: file.blob.sha256 } });
    return updated;
  });
}
