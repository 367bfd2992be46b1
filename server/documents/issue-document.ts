import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Actor, requireRole } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findOrganizationById, findOrganizationsByCodes, findUnitById, type OrganizationRow } from '../organizations/organizations.repository';
import { numberInRegister } from '../registers/default-registers';
import { buildSymbol } from '../registers/symbol';
import { listDeliveriesOf } from '../routing/deliveries.repository';
import { deliveryJobs } from '../routing/delivery-jobs';
import { externalPackageJobs } from '../exchange/queue-packages';
import { findSealKeyAndTrustAnchors } from '../signing-keys/signing-keys.repository';
import { DATE_FIELD_NAMES, NUMBER_FIELD_NAMES, PLACED_DATE_FIELD, PLACED_NUMBER_FIELD } from '../signing-keys/document-signing';
import { unlockOrganizationKey } from '../signing-keys/unlock-key';
import { inTransaction } from '../shared/unit-of-work';
import { vietnamDate, vietnamDateWords, vietnamYear } from '../shared/vietnam-time';
import { loadDocumentFor, lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { insertInternalDeliveries, insertVersion, updateDocument, type DocumentRow } from '../document-core/documents.repository';
import { requireDocTypeInUse } from '../organizations/catalog';
import { resolveAssignee } from '../assignments/assignee';
import { readBlob, discardBlob } from '../document-core/stored-files';
import { refuseMerged, validateRecipients } from './draft-outgoing';
import { closeAnsweredWork } from '../replies/close-answered-work';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { requireValidSignatures } from './signature-checks';

export const issueSchema = z
  .object({
    /** The clerk's final list of recipient agencies (defaults to the draft's). */
    recipients: z.array(z.string().trim().min(1)).max(1000).optional(),
    /** Internal units added at issue (a quick-send group), on top of the draft's internal recipients. */
    internalUnits: z.array(z.uuid()).max(200).optional(),
  })
  .default({});

export interface IssueResult {
  doc: DocumentRow;
  deliveries: { orgCode: string; orgName: string; status: string | null }[];
  warnings: string[];
}

async function recipientsOf(deps: Pick<WorkflowDeps, 'db'>, codes: string[]): Promise<OrganizationRow[]> {
  const found = await findOrganizationsByCodes(deps.db, codes);
  const orgs = codes.map((code) => {
    const org = found.get(code);
    if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan nhận có mã ${code}`);
    return org;
  });
  // Drafted before a merger: the clerk picks the agency that took over.
  for (const org of orgs) await refuseMerged(deps, org);
  return orgs;
}

/**
 * What issuing writes into the draft's fields: `Số: 07/QĐ-UBND` and the place-and-date line into a
 * template's own fields; the bare symbol and `ngày … tháng … năm …` into the fields the leader's
 * signature laid after the printed "Số:" and over the printed date blanks.
 */
function issueFieldFills(fields: string[], symbol: string, org: OrganizationRow, now: Date): { fills: Record<string, string>; complete: boolean } {
  const fills: Record<string, string> = {};
  const numberField = fields.find((f) => NUMBER_FIELD_NAMES.includes(f));
  const dateField = fields.find((f) => DATE_FIELD_NAMES.includes(f));
  if (numberField) fills[numberField] = `Số: ${symbol}`;
  else if (fields.includes(PLACED_NUMBER_FIELD)) fills[PLACED_NUMBER_FIELD] = symbol;
  if (dateField) fills[dateField] = `${org.name.replace(/^Ủy ban nhân dân /, '')}, ${vietnamDateWords(now)}`;
  else if (fields.includes(PLACED_DATE_FIELD)) fills[PLACED_DATE_FIELD] = vietnamDateWords(now);
  return { fills, complete: Object.keys(fills).length === 2 };
}

/** The issued file is named after its symbol: `02/UBND-KGVX` → `02-UBND-KGVX.pdf`. */
export function issuedFileName(symbol: string): string {
  return `${symbol.replace(/[\\/:*?"<>|\s]+/g, '-')}.pdf`;
}

/**
 * The clerk issues a signed document, all or nothing: the next number of the register, the symbol,
 * number and date written into the PDF's fields together with the agency seal signature, the
 * register row, and delivery to every recipient. Any failure rolls the number back.
 */
export async function issueDocument(deps: Pick<WorkflowDeps, 'agencyKeys' | 'blobs' | 'db' | 'now' | 'publisher' | 'runDeliveries' | 'serverSecret' | 'signing'>, actor: Actor, documentId: string, input: z.infer<typeof issueSchema> = {}): Promise<IssueResult> {
  requireRole(actor, 'clerk');
  const org = (await findOrganizationById(deps.db, actor.organizationId!))!;
  // Checked first without locks so that a wrong request fails before any key is unsealed; re-checked under the lock.
  const draft = await loadDocumentFor(deps.db, actor, documentId);
  requireDocumentTransition(draft, actor, 'issue');
  // Registering in the outgoing register gives the type's abbreviation to the symbol: only a type in use.
  await requireDocTypeInUse(deps.db, draft.organization_id, draft.doc_type, 'issue');
  const secret = draft.secrecy !== 'normal';
  const codes = input.recipients ? await validateRecipients(deps, actor, input.recipients) : draft.recipient_codes;
  if (secret && codes.length > 0) throw new AppError('SECRET_DOCUMENT_NO_FILE', 'Văn bản mật không được gửi qua hệ thống điện tử: gửi bản giấy theo quy định');
  const recipients = await recipientsOf(deps, codes);
  // The seal key's row and the trust anchors in one round trip (no row: the agency has no key).
  const { key: sealKey, anchors: trustAnchors } = await findSealKeyAndTrustAnchors(deps.db, org.id);
  const seal = secret ? null : await unlockOrganizationKey(deps, org.id, sealKey ?? null);
  const sealImage = org.seal_image_key ? await readBlob(deps.blobs, org.seal_image_key) : null;
  // Never seal (and dispatch) a draft whose leader signature does not verify against the trust anchors.
  if (!secret) await requireValidSignatures(deps, draft.file_key!, { code: 'LEADER_SIGNATURE_NOT_VALID', what: 'Chữ ký của lãnh đạo trên dự thảo', trustAnchors });
  // Read before the register's counter is locked: issues of one agency wait on that lock, so what can be done outside it is.
  const draftFields = secret ? null : await deps.signing.listTextFields(draft.file_key!);
  const draftUnit = draft.drafting_unit_id ? await findUnitById(deps.db, draft.drafting_unit_id) : undefined;
  let producedKey: string | null = null;
  let deliveryJobCount = 0;
  try {
    const result = await inTransaction(deps, async (uow) => {
      const doc = await lockDocumentFor(uow.trx, actor, documentId);
      requireDocumentTransition(doc, actor, 'issue');
      const now = deps.now();
      const year = vietnamYear(now);
      const { register, number } = await numberInRegister(uow.trx, org.id, 'outgoing', doc.doc_type, secret, year);
      const unit = doc.drafting_unit_id === draftUnit?.id ? draftUnit : doc.drafting_unit_id ? await findUnitById(uow.trx, doc.drafting_unit_id) : undefined;
      const symbol = buildSymbol({ number, docType: doc.doc_type, agencyAbbreviation: org.abbreviation, unitAbbreviation: unit?.abbreviation, year: register.year_in_symbol ? year : null });
      const warnings: string[] = [];
      let changes: Partial<DocumentRow> = { recipient_codes: codes, status: 'issued', number, symbol, issued_date: vietnamDate(now), register_id: register.id, register_year: year, issued_by: actor.userId, issued_at: now };
      if (!secret) {
        const fields = doc.file_key === draft.file_key && draftFields ? draftFields : await deps.signing.listTextFields(doc.file_key!);
        const { fills, complete } = issueFieldFills(fields, symbol, org, now);
        if (!complete) warnings.push('Dự thảo không có trường số, ký hiệu hoặc ngày ban hành: số và ngày chỉ ghi trong sổ và trong lý do của chữ ký cơ quan');
        const sealed = await deps.signing.sealAndNumber({ sourceKey: doc.file_key!, signer: seal!, sealImage, fieldFills: fills, signingTime: now, reason: `Ban hành văn bản số ${symbol}` });
        producedKey = sealed.key;
        const verification = await deps.signing.verify(sealed.key, trustAnchors);
        if (!verification.valid) throw new AppError('SEAL_SIGNATURE_NOT_VALID', `Văn bản sau khi đóng dấu không kiểm tra được là hợp lệ (chứng thư số của cơ quan chưa được tin cậy?): ${verification.summary}`);
        const version = (doc.current_version ?? 0) + 1;
        // Deliveries are queued with the version's text extraction, in one statement: if this transaction rolls back, nothing is sent.
        // Recipients on other systems get an edXML package (the rows were read above); the others a copy here.
        const hereJobs = deliveryJobs(doc.id, recipients.filter((r) => !r.external).map((r) => r.id), actor.userId);
        deliveryJobCount = hereJobs.length;
        const jobs = [...externalPackageJobs(doc.id, recipients.filter((r) => r.external).map((r) => r.id), actor.userId), ...hereJobs];
        // The seal's update adds annotations and field values, never page content (the verification above checked the
        // leader's signature still covers the page): search reuses the draft's text rather than extracting again.
        await insertVersion(uow.trx, { id: randomUUID(), document_id: doc.id, version, file_key: sealed.key, file_name: issuedFileName(symbol), size: sealed.size, kind: 'issued', note: `Ban hành số ${symbol}`, created_by: actor.userId }, jobs, doc.file_key!);
        changes = { ...changes, file_key: sealed.key, file_name: issuedFileName(symbol), current_version: version, verification: JSON.stringify(verification) };
      }
      const internal = [...(doc.internal_recipients ?? [])];
      for (const unitId of input.internalUnits ?? []) if (!internal.some((r) => 'unitId' in r && r.unitId === unitId)) internal.push({ unitId });
      if (input.internalUnits?.length) changes = { ...changes, internal_recipients: JSON.stringify(internal) as unknown as DocumentRow['internal_recipients'] };
      const updated = await updateDocument(uow.trx, doc.id, changes);
      const insiders = new Set<string>();
      for (const recipient of internal) for (const id of (await resolveAssignee(uow.trx, org.id, recipient)).notifyIds) insiders.add(id);
      await insertInternalDeliveries(uow.trx, doc.id, [...insiders]);
      await uow.notify(insiders, 'inbox:new', { ...documentRef(updated), reason: 'arrived' });
      if (doc.replaces_document_id) await updateDocument(uow.trx, doc.replaces_document_id, { replaced_by_document_id: doc.id });
      await closeAnsweredWork(uow, actor, updated, symbol, now);
      await uow.audit({
        actorId: actor.userId,
        organizationId: org.id,
        action: 'document.issue',
        objectType: 'document',
        objectId: doc.id,
        summary: `Ban hành văn bản số ${symbol}: ${documentLabel(doc)}${recipients.length ? `; gửi ${recipients.length} nơi nhận` : ''}`,
        data: { number, symbol, year, register: register.code, recipients: codes },
      });
      return { doc: updated, warnings };
    });
    await deps.runDeliveries(result.doc.id, deliveryJobCount);
    const sent = new Map((await listDeliveriesOf(deps.db, result.doc.id)).map((d) => [d.org_code as string, d.status as string]));
    // A copy whose job has not run yet (it failed and will be retried) shows as still being sent.
    const deliveries = recipients.map((r) => ({ orgCode: r.code, orgName: r.name, status: sent.get(r.code) ?? null }));
    return { ...result, deliveries };
  } catch (err) {
    if (producedKey) await discardBlob(deps.db, deps.blobs, producedKey).catch(() => undefined);
    throw err;
  }
}
