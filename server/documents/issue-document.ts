import { z } from 'zod';
import { type Actor, requireRole } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findIssuer, findOrganizationsByCodes, findUnitById, type OrganizationRow, type UnitRow } from '../organizations/organizations.repository';
import { numberInRegister } from '../registers/default-registers';
import { buildSymbol } from '../registers/symbol';
import { inTransaction } from '../shared/unit-of-work';
import { vietnamDate, vietnamYear } from '../shared/vietnam-time';
import { loadDocumentFor, lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel } from '../document-core/document-ref';
import { type DocumentRow } from '../document-core/documents.repository';
import { enqueueJobsWith } from '../jobs/jobs.repository';
import { docTypeAllowed, requireDocTypeInUse } from '../organizations/catalog';
import { refuseMerged, validateRecipients } from './draft-outgoing';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { requireValidSignatures } from './signature-checks';
import { finishIssue, finishIssueJobKey, FINISH_ISSUE_JOB, readSealMaterial, type IssueMaterial, type IssueResult } from './finish-issue';

export { issuedFileName, type IssueResult } from './finish-issue';

export const issueSchema = z
  .object({
    /** The clerk's final list of recipient agencies (defaults to the draft's). */
    recipients: z.array(z.string().trim().min(1)).max(1000).optional(),
    /** Internal units added at issue (a quick-send group), on top of the draft's internal recipients. */
    internalUnits: z.array(z.uuid()).max(200).optional(),
  })
  .default({});

async function recipientsOf(deps: Pick<WorkflowDeps, 'db'>, codes: string[], refuseMergedOnes: boolean): Promise<OrganizationRow[]> {
  const found = await findOrganizationsByCodes(deps.db, codes);
  const orgs = codes.map((code) => {
    const org = found.get(code);
    if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan nhận có mã ${code}`);
    return org;
  });
  // Drafted before a merger: the clerk picks the agency that took over (a numbered document keeps its recipients).
  if (refuseMergedOnes) for (const org of orgs) await refuseMerged(deps, org);
  return orgs;
}

/**
 * The clerk issues a signed document: the next number of the register and the symbol, the number and date written
 * into the PDF's fields together with the agency seal signature, the issued version, and delivery to every recipient.
 *
 * Two transactions, so that issues of one agency do not queue behind each other's sealing: the first takes the number
 * (the register's counter row stays locked only for it) and leaves the document `issuing` with a durable job; the
 * second (finish-issue.ts) seals, verifies and commits the rest holding only the document's lock. Everything that
 * could refuse is checked before the number is taken — the leader's signature, the agency key, and that a seal made
 * with it will verify — so a number, once taken, always ends in an issued document: registers stay gap-free. A
 * request that dies between the two steps leaves the job, which finishes the issue; the clerk may also issue again.
 */
export async function issueDocument(deps: Pick<WorkflowDeps, 'agencyKeys' | 'blobs' | 'db' | 'images' | 'jobLeaseSeconds' | 'now' | 'publisher' | 'runDeliveries' | 'serverSecret' | 'signing'>, actor: Actor, documentId: string, input: z.infer<typeof issueSchema> = {}): Promise<IssueResult> {
  requireRole(actor, 'clerk');
  // Checked first without locks so that a wrong request fails before any key is unsealed; re-checked under the lock.
  const draft = await loadDocumentFor(deps.db, actor, documentId);
  requireDocumentTransition(draft, actor, 'issue');
  const issuer = (await findIssuer(deps.db, actor.organizationId!, draft.drafting_unit_id))!;
  const org = issuer.org;
  const secret = draft.secrecy !== 'normal';
  // Numbered already (its request died, or its seal failed): finish with what was recorded then.
  const resuming = draft.status === 'issuing';
  // Registering in the outgoing register gives the type's abbreviation to the symbol: only a type in use.
  // (`requireDocTypeInUse` reads the catalogue again only to word its refusal.)
  if (!resuming && !docTypeAllowed(issuer.docTypesInUse, draft.doc_type)) await requireDocTypeInUse(deps.db, draft.organization_id, draft.doc_type, 'issue');
  const codes = !resuming && input.recipients ? await validateRecipients(deps, actor, input.recipients) : draft.recipient_codes;
  if (secret && codes.length > 0) throw new AppError('SECRET_DOCUMENT_NO_FILE', 'Văn bản mật không được gửi qua hệ thống điện tử: gửi bản giấy theo quy định');
  const recipients = await recipientsOf(deps, codes, !resuming);
  const { seal, sealImage, trustAnchors } = await readSealMaterial(deps, org, secret);
  if (seal) {
    // Never seal (and dispatch) a draft whose leader signature does not verify against the trust anchors.
    await requireValidSignatures(deps, draft.file_key!, { code: 'LEADER_SIGNATURE_NOT_VALID', what: 'Chữ ký của lãnh đạo trên dự thảo', trustAnchors });
    // Nor take a number for a seal that would not verify (a certificate not matching the key, not trusted, expired).
    const readiness = deps.signing.sealReadiness(seal, trustAnchors, deps.now());
    if (!readiness.ready) throw new AppError('SEAL_SIGNATURE_NOT_VALID', `Chữ ký số của cơ quan sẽ không kiểm tra được là hợp lệ: ${readiness.reason}`);
  }
  const material: IssueMaterial = { org, recipients, seal, sealImage, trustAnchors };
  if (!resuming) await takeIssueNumber(deps, actor, org, draft, issuer.unit, codes, input.internalUnits ?? [], secret);
  return finishIssue(deps, actor, documentId, material);
}

/** The first step: the number, the symbol and the date, the document `issuing`, and the job that finishes it. */
async function takeIssueNumber(deps: Pick<WorkflowDeps, 'db' | 'jobLeaseSeconds' | 'now' | 'publisher'>, actor: Actor, org: OrganizationRow, draft: DocumentRow, draftUnit: UnitRow | undefined, codes: string[], internalUnits: string[], secret: boolean): Promise<void> {
  await inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, draft.id);
    requireDocumentTransition(doc, actor, 'issue');
    if (doc.status === 'issuing') return; // another request numbered it meanwhile: finish that one
    const now = deps.now();
    const year = vietnamYear(now);
    const { register, number } = await numberInRegister(uow.trx, org.id, 'outgoing', doc.doc_type, secret, year);
    const unit = doc.drafting_unit_id === draftUnit?.id ? draftUnit : doc.drafting_unit_id ? await findUnitById(uow.trx, doc.drafting_unit_id) : undefined;
    const symbol = buildSymbol({ number, docType: doc.doc_type, agencyAbbreviation: org.abbreviation, unitAbbreviation: unit?.abbreviation, year: register.year_in_symbol ? year : null });
    const internal = [...(doc.internal_recipients ?? [])];
    for (const unitId of internalUnits) if (!internal.some((r) => 'unitId' in r && r.unitId === unitId)) internal.push({ unitId });
    const changes = { status: 'issuing', recipient_codes: codes, internal_recipients: JSON.stringify(internal), number, symbol, issued_date: vietnamDate(now), register_id: register.id, register_year: year, issued_by: actor.userId, issued_at: now, updated_at: now };
    // The job is due once a worker's lease has passed: by then this request has finished it, unless it died.
    const finishJob = { kind: FINISH_ISSUE_JOB, payload: { documentId: doc.id }, uniqueKey: finishIssueJobKey(doc.id), runAt: new Date(now.getTime() + deps.jobLeaseSeconds * 1000) };
    await enqueueJobsWith(uow.trx, uow.trx('documents').where({ id: doc.id }).update(changes), [finishJob]);
    await uow.audit({
      actorId: actor.userId,
      organizationId: org.id,
      action: 'document.number',
      objectType: 'document',
      objectId: doc.id,
      summary: `Cấp số ${symbol} trong sổ ${register.code}: ${documentLabel(doc)}`,
      data: { number, symbol, year, register: register.code, recipients: codes },
    });
  });
}
