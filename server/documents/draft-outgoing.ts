import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Actor, requireRole } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findOrganizationById, findOrganizationsByCodes, findUnitByAbbreviation, type OrganizationRow } from '../organizations/organizations.repository';
import { inTransaction } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import { requireDocTypeInUse } from '../organizations/catalog';
import { resolveAssignee } from '../assignments/assignee';
import { loadDocumentFor } from '../document-core/document-access';
import { outgoingMetaSchema, type OutgoingMeta } from '../contract/documents';
import { insertDocument, insertVersion, type DocumentRow } from '../document-core/documents.repository';
import type { UploadedFile } from './multipart-upload';
import { secretFileError } from './register-incoming';
import { validateAnswers } from '../replies/answer-links';
import { insertAnswers } from '../replies/replies.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export { outgoingMetaSchema, type OutgoingMeta };

/**
 * An agency merged into another (2025 reform) receives nothing any more: the sender is told which
 * agency took it over, rather than the document silently going elsewhere.
 */
export async function refuseMerged(deps: Pick<WorkflowDeps, 'db'>, org: OrganizationRow): Promise<void> {
  if (!org.merged_into_id) return;
  const survivor = await findOrganizationById(deps.db, org.merged_into_id);
  throw new AppError('ORG_MERGED', `${org.name} (${org.code}) đã sáp nhập vào ${survivor ? `${survivor.name} (mã ${survivor.code})` : 'cơ quan khác'}; hãy gửi cho cơ quan đó`);
}

/** Recipient organisations by code: each must exist, not be merged away, and be another agency. */
export async function validateRecipients(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, codes: string[]): Promise<string[]> {
  const unique = [...new Set(codes)];
  const found = await findOrganizationsByCodes(deps.db, unique);
  for (const code of unique) {
    const org = found.get(code);
    if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan nhận có mã ${code}`);
    await refuseMerged(deps, org);
    if (org.id === actor.organizationId) throw new AppError('VALIDATION_FAILED', 'Không gửi văn bản cho chính cơ quan mình; hãy giao cho đơn vị, cá nhân bên trong');
  }
  return unique;
}

/** An official drafts an outgoing document (version 1); secret documents carry metadata only. */
export async function draftOutgoing(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, meta: OutgoingMeta, file: UploadedFile | null): Promise<DocumentRow> {
  requireRole(actor, 'official', 'leader', 'clerk');
  const secret = meta.secrecy !== 'normal';
  if (secret && file) throw secretFileError();
  if (secret && meta.recipients.length > 0) {
    throw new AppError('SECRET_DOCUMENT_NO_FILE', 'Văn bản mật không được gửi qua hệ thống điện tử: bỏ danh sách nơi nhận điện tử, gửi bản giấy theo quy định');
  }
  if (!secret && !file) throw new AppError('VALIDATION_FAILED', 'Cần tệp PDF dự thảo (trường file)');
  const recipients = await validateRecipients(deps, actor, meta.recipients);
  const orgId = actor.organizationId!;
  await requireDocTypeInUse(deps.db, orgId, meta.docType, 'draft');
  for (const internal of meta.internalRecipients) await resolveAssignee(deps.db, orgId, internal);
  const me = await findUserById(deps.db, actor.userId);
  let unitId = me?.unit_id ?? null;
  if (meta.draftingUnit) {
    const unit = await findUnitByAbbreviation(deps.db, orgId, meta.draftingUnit);
    if (!unit) throw new AppError('NOT_FOUND', `Cơ quan không có đơn vị ${meta.draftingUnit}`);
    unitId = unit.id;
  }
  if (meta.replacesDocumentId) {
    const old = await loadDocumentFor(deps.db, actor, meta.replacesDocumentId);
    if (old.direction !== 'outgoing' || !['issued', 'recalled'].includes(old.status)) throw new AppError('INVALID_STATE', 'Chỉ thay thế được văn bản đi đã ban hành hoặc đã thu hồi');
  }
  const answers = await validateAnswers(deps.db, actor, meta.answers);
  return inTransaction(deps, async (uow) => {
    const doc = await insertDocument(uow.trx, {
      id: randomUUID(),
      organization_id: orgId,
      direction: 'outgoing',
      status: 'draft',
      source: 'draft',
      doc_type: meta.docType,
      subject: meta.subject,
      urgency: meta.urgency,
      secrecy: meta.secrecy,
      pages: meta.pages ?? null,
      file_key: file?.blob.key ?? null,
      file_name: file?.filename ?? null,
      current_version: file ? 1 : null,
      drafting_unit_id: unitId,
      created_by: actor.userId,
      recipient_codes: recipients,
      // jsonb: the pg driver would send a JS array as a PostgreSQL array, so it goes as JSON text.
      internal_recipients: JSON.stringify(meta.internalRecipients) as unknown as DocumentRow['internal_recipients'],
      replaces_document_id: meta.replacesDocumentId ?? null,
    });
    await insertAnswers(uow.trx, doc.id, answers);
    if (file) await insertVersion(uow.trx, { id: randomUUID(), document_id: doc.id, version: 1, file_key: file.blob.key, file_name: file.filename, size: file.blob.size, kind: 'upload', note: 'Dự thảo lần 1', created_by: actor.userId });
    await uow.audit({ actorId: actor.userId, organizationId: orgId, action: 'draft.create', objectType: 'document', objectId: doc.id, summary: `Tạo dự thảo: ${meta.subject}`, data: { docType: meta.docType, recipients, sha256: file?.blob.sha256 ?? null, answers } });
    return doc;
  });
}
