import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { loadDocumentForReading } from '../document-core/document-access';
import { documentLabel } from '../document-core/document-ref';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { inTransaction } from '../shared/unit-of-work';
import { deleteBookmark, findBookmark, upsertBookmark } from './bookmarks.repository';

export const bookmarkSchema = z
  .object({ note: z.string().trim().max(1000, 'Ghi chú tối đa 1000 ký tự').nullish() })
  .default({});

export const bookmarkViewSchema = z.object({ starred: z.boolean(), note: z.string().nullable() });

/** Stars a document (again: updates the private note). Only documents the user may open. */
export async function bookmarkDocument(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, input: z.infer<typeof bookmarkSchema>) {
  const doc = await loadDocumentForReading(deps.db, actor, documentId);
  const note = input.note ? input.note : null;
  await inTransaction(deps, async (uow) => {
    await upsertBookmark(uow.trx, actor.userId, doc.id, note);
    // The note is private: the audit records the star, not what it says.
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'bookmark.set', objectType: 'document', objectId: doc.id, summary: `Đánh dấu văn bản: ${documentLabel(doc)}` });
  });
  return { starred: true, note };
}

export async function unbookmarkDocument(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string): Promise<void> {
  const doc = await loadDocumentForReading(deps.db, actor, documentId);
  await inTransaction(deps, async (uow) => {
    if ((await deleteBookmark(uow.trx, actor.userId, doc.id)) === 0) return;
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'bookmark.remove', objectType: 'document', objectId: doc.id, summary: `Bỏ đánh dấu văn bản: ${documentLabel(doc)}` });
  });
}

/** The caller's own star and note on a document (the document page shows them). */
export async function getBookmark(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, documentId: string): Promise<z.infer<typeof bookmarkViewSchema>> {
  const doc = await loadDocumentForReading(deps.db, actor, documentId);
  const row = await findBookmark(deps.db, actor.userId, doc.id);
  return { starred: Boolean(row), note: row?.note ?? null };
}
