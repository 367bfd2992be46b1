import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Actor, requireRole } from '../shared/actor';
import { AppError } from '../shared/errors';
import { registerFor } from '../registers/default-registers';
import { formatNumber } from '../registers/symbol';
import { takeNextNumber } from '../registers/registers.repository';
import { inTransaction } from '../shared/unit-of-work';
import type { Remember, StoredResponse } from '../shared/idempotency';
import { vietnamYear } from '../shared/vietnam-time';
import { incomingMetaSchema, type IncomingMeta } from '../contract/documents';
import { findDuplicateIncoming, insertDocument, insertVersion, type DocumentRow } from '../document-core/documents.repository';
import type { UploadedFile } from './multipart-upload';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export { incomingMetaSchema, type IncomingMeta };

export const secretFileError = () =>
  new AppError(
    'SECRET_DOCUMENT_NO_FILE',
    'Văn bản mật, tối mật, tuyệt mật không được lưu trữ hoặc truyền trên hệ thống điện tử: chỉ đăng ký thông tin, không tải tệp lên',
  );

export interface RegisteredIncoming {
  doc: DocumentRow;
  warnings: string[];
}

/** A clerk registers a paper document (scanned) and takes the next arrival number of the year. */
export async function registerIncomingPaper(
  deps: Pick<WorkflowDeps, 'db' | 'now' | 'publisher'>,
  actor: Actor,
  meta: IncomingMeta,
  file: UploadedFile | null,
  present: (result: RegisteredIncoming) => StoredResponse,
  remember: Remember,
): Promise<StoredResponse> {
  requireRole(actor, 'clerk');
  if (meta.secrecy !== 'normal' && file) throw secretFileError();
  if (meta.secrecy === 'normal' && !file) throw new AppError('VALIDATION_FAILED', 'Cần tệp PDF bản quét của văn bản (trường file)');
  const orgId = actor.organizationId!;
  const duplicates = await findDuplicateIncoming(deps.db, orgId, meta.symbol, meta.issuer);
  const warnings = duplicates.map(
    (d) => `Có thể trùng: văn bản ${d.symbol} của ${d.issuer_name} đã vào sổ với số đến ${formatNumber(d.arrival_number ?? 0)}`,
  );
  const now = deps.now();
  const register = await registerFor(deps.db, orgId, 'incoming', meta.docType, meta.secrecy !== 'normal');
  return inTransaction(deps, async (uow) => {
    const year = vietnamYear(now);
    const arrivalNumber = await takeNextNumber(uow.trx, register.id, year);
    const doc = await insertDocument(uow.trx, {
      id: randomUUID(),
      organization_id: orgId,
      direction: 'incoming',
      status: 'registered',
      source: 'paper',
      doc_type: meta.docType,
      subject: meta.subject,
      urgency: meta.urgency,
      secrecy: meta.secrecy,
      pages: meta.pages ?? null,
      issuer_name: meta.issuer,
      issuer_code: meta.issuerCode ?? null,
      symbol: meta.symbol,
      issued_date: meta.issuedDate,
      register_id: register.id,
      register_year: year,
      arrival_number: arrivalNumber,
      arrival_at: now,
      file_key: file?.blob.key ?? null,
      file_name: file?.filename ?? null,
      current_version: file ? 1 : null,
      created_by: actor.userId,
    });
    if (file) {
      await insertVersion(uow.trx, { id: randomUUID(), document_id: doc.id, version: 1, file_key: file.blob.key, file_name: file.filename, size: file.blob.size, kind: 'upload', note: 'Bản quét văn bản giấy', created_by: actor.userId });
    }
    await uow.audit({
      actorId: actor.userId,
      organizationId: orgId,
      action: 'incoming.register',
      objectType: 'document',
      objectId: doc.id,
      summary: `Vào sổ văn bản đến số ${formatNumber(arrivalNumber)}: ${meta.symbol} của ${meta.issuer}`,
      data: { arrivalNumber, register: register.code, year, source: 'paper', sha256: file?.blob.sha256 ?? null },
    });
    const response = present({ doc, warnings });
    await remember(uow.trx, response);
    return response;
  });
}
