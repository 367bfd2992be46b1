import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorFromUser, type Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findOrganizationById, findOrganizationsByCodes, type OrganizationRow } from '../organizations/organizations.repository';
import { listDeliveriesOf } from '../routing/deliveries.repository';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { deliveryJobs } from '../routing/delivery-jobs';
import { copySourceOf, deliverCopies } from '../routing/deliver-copies';
import { externalPackageJobs } from '../exchange/queue-packages';
import { findSealKeyAndTrustAnchors } from '../signing-keys/signing-keys.repository';
import { DATE_FIELD_NAMES, NUMBER_FIELD_NAMES, PLACED_DATE_FIELD, PLACED_NUMBER_FIELD, type FieldChoice, type SignerMaterial } from '../signing-keys/document-signing';
import { unlockOrganizationKey } from '../signing-keys/unlock-key';
import { inTransaction } from '../shared/unit-of-work';
import { vietnamDateWords } from '../shared/vietnam-time';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { findDocument, insertInternalDeliveries, insertVersionAndUpdate, updateDocument, type DocumentRow } from '../document-core/documents.repository';
import { lockForFinishingIssue } from './issue.repository';
import { resolveAssignee } from '../assignments/assignee';
import { discardBlob } from '../document-core/stored-files';
import { closeAnsweredWork } from '../replies/close-answered-work';
import { findUserById } from '../users/users.repository';
import type { JobHandler } from '../jobs/job-worker';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/**
 * Issuing runs in two transactions (see issue-document.ts): the number is taken in a short one that leaves the
 * document `issuing` with this job queued, due after a job lease; the seal, the issued version and the deliveries
 * commit in the second, which also marks the job done. The request runs the second step itself; the job finishes it
 * only if that request died (kill -9, a lost connection) or failed after the number was taken.
 */
export const FINISH_ISSUE_JOB = 'finish-issue';
export const finishIssueJobKey = (documentId: string) => `${FINISH_ISSUE_JOB}:${documentId}`;

/**
 * Up to this many recipients hosted here get their copies in the issue's own transaction: one commit instead of a
 * job's claim and its transaction; more go out in batch jobs (delivery-jobs.ts), so that a province-wide issue does
 * not hold its locks for seconds.
 */
export const INLINE_DELIVERY_MAX = 50;

export type FinishIssueDeps = Pick<WorkflowDeps, 'agencyKeys' | 'blobs' | 'db' | 'images' | 'now' | 'publisher' | 'runDeliveries' | 'serverSecret' | 'signing'>;

export interface IssueResult {
  doc: DocumentRow;
  deliveries: { orgCode: string; orgName: string; status: string | null }[];
  warnings: string[];
}

/** What the second step needs besides the document; the request hands over what its checks already read. */
export interface IssueMaterial {
  org: OrganizationRow;
  recipients: OrganizationRow[];
  /** Null for a secret document (no file, no seal). */
  seal: SignerMaterial | null;
  sealImage: Buffer | null;
  trustAnchors: string[];
}

/**
 * What issuing writes into the draft's fields: `Số: 07/QĐ-UBND` and the place-and-date line into a
 * template's own fields, else the bare symbol and `ngày … tháng … năm …` into the fields the leader's
 * signature laid after the printed "Số:" and over the printed date blanks. The seal decides against the
 * file's fields (in the seal worker: the request's thread never parses the form).
 */
function issueFieldChoices(symbol: string, org: OrganizationRow, date: Date): FieldChoice[] {
  const words = vietnamDateWords(date);
  const placeAndDate = `${org.name.replace(/^Ủy ban nhân dân /, '')}, ${words}`;
  return [
    [...NUMBER_FIELD_NAMES.map((name) => ({ name, value: `Số: ${symbol}` })), { name: PLACED_NUMBER_FIELD, value: symbol }],
    [...DATE_FIELD_NAMES.map((name) => ({ name, value: placeAndDate })), { name: PLACED_DATE_FIELD, value: words }],
  ];
}

/** The issued file is named after its symbol: `02/UBND-KGVX` → `02-UBND-KGVX.pdf`. */
export function issuedFileName(symbol: string): string {
  return `${symbol.replace(/[\\/:*?"<>|\s]+/g, '-')}.pdf`;
}

/** The agency's opened seal key, its seal image and the trust anchors (no key nor image for a secret document). */
export async function readSealMaterial(deps: Pick<FinishIssueDeps, 'agencyKeys' | 'db' | 'images' | 'serverSecret'>, org: OrganizationRow, secret: boolean): Promise<Pick<IssueMaterial, 'seal' | 'sealImage' | 'trustAnchors'>> {
  // The seal key's row and the trust anchors in one round trip (no row: the agency has no key).
  const { key, anchors } = await findSealKeyAndTrustAnchors(deps.db, org.id);
  const seal = secret ? null : await unlockOrganizationKey(deps, org.id, key ?? null);
  const sealImage = !secret && org.seal_image_key ? await deps.images.read(org.seal_image_key) : null;
  return { seal, sealImage, trustAnchors: anchors };
}

/** Reads what the second step needs for a document numbered by a request that is gone. */
async function loadIssueMaterial(deps: FinishIssueDeps, doc: DocumentRow): Promise<IssueMaterial> {
  const org = (await findOrganizationById(deps.db, doc.organization_id))!;
  const found = await findOrganizationsByCodes(deps.db, doc.recipient_codes);
  const recipients = doc.recipient_codes.map((code) => found.get(code)).filter((o): o is OrganizationRow => o !== undefined);
  return { org, recipients, ...(await readSealMaterial(deps, org, doc.secrecy !== 'normal')) };
}

/**
 * The second step: seal with the number and date the first step recorded, verify, store the issued version, queue
 * the deliveries, all in one transaction that holds only the document's lock (the register's counter was released
 * with the first). Null when the document is no longer `issuing` (the other runner finished it first).
 */
async function sealAndCommit(deps: FinishIssueDeps, actor: Actor, documentId: string, material: IssueMaterial): Promise<{ doc: DocumentRow; warnings: string[]; deliveryJobCount: number; arrivedCodes: string[] } | null> {
  const { org, recipients, seal, sealImage, trustAnchors } = material;
  let producedKey: string | null = null;
  try {
    return await inTransaction(deps, async (uow) => {
      const locked = await lockForFinishingIssue(uow.trx, documentId, finishIssueJobKey(documentId));
      if (!locked || locked.doc.status !== 'issuing') return null;
      const { doc, answeredIds } = locked;
      const symbol = doc.symbol!;
      const issuedAt = new Date(doc.issued_at!);
      const warnings: string[] = [];
      let changes: Partial<DocumentRow> = { status: 'issued' };
      let deliveryJobCount = 0;
      let inline: string[] = [];
      let sealedSize = 0;
      let updated: DocumentRow | undefined;
      if (seal) {
        const fieldChoices = issueFieldChoices(symbol, org, issuedAt);
        const { blob: sealed, verification, filledFields } = await deps.signing.sealAndVerify({ sourceKey: doc.file_key!, signer: seal, sealImage, fieldChoices, signingTime: issuedAt, reason: `Ban hành văn bản số ${symbol}`, trustAnchors });
        if (filledFields.length < fieldChoices.length) warnings.push('Dự thảo không có trường số, ký hiệu hoặc ngày ban hành: số và ngày chỉ ghi trong sổ và trong lý do của chữ ký cơ quan');
        producedKey = sealed.key;
        sealedSize = sealed.size;
        if (!verification.valid) throw new AppError('SEAL_SIGNATURE_NOT_VALID', `Văn bản sau khi đóng dấu không kiểm tra được là hợp lệ (chứng thư số của cơ quan chưa được tin cậy?): ${verification.summary}`);
        const version = (doc.current_version ?? 0) + 1;
        // Recipients on other systems get an edXML package; the others a copy here. A small fan-out commits with the
        // issue (below); a large one is queued with the version's text extraction, in one statement, as batch jobs:
        // if this transaction rolls back, nothing is sent either way.
        const here = recipients.filter((r) => !r.external).map((r) => r.id);
        inline = here.length <= INLINE_DELIVERY_MAX ? here : [];
        const hereJobs = inline.length > 0 ? [] : deliveryJobs(doc.id, here, actor.userId);
        deliveryJobCount = hereJobs.length;
        const jobs = [...externalPackageJobs(doc.id, recipients.filter((r) => r.external).map((r) => r.id), actor.userId), ...hereJobs];
        // The seal's update adds annotations and field values, never page content (the verification above checked the
        // leader's signature still covers the page): search reuses the draft's text rather than extracting again.
        const versionRow = { id: randomUUID(), document_id: doc.id, version, file_key: sealed.key, file_name: issuedFileName(symbol), size: sealed.size, kind: 'issued' as const, note: `Ban hành số ${symbol}`, created_by: actor.userId };
        changes = { ...changes, file_key: sealed.key, file_name: issuedFileName(symbol), current_version: version, verification: JSON.stringify(verification) };
        updated = await insertVersionAndUpdate(uow.trx, versionRow, jobs, doc.file_key!, changes);
      }
      updated ??= await updateDocument(uow.trx, doc.id, changes);
      // Storing the sealed file took its blob lock for this transaction, so its text cannot arrive before the copies.
      const arrived = inline.length > 0 ? await deliverCopies(uow, actor.userId, copySourceOf(updated, org, sealedSize), inline) : [];
      const insiders = new Set<string>();
      for (const recipient of doc.internal_recipients ?? []) for (const id of (await resolveAssignee(uow.trx, org.id, recipient)).notifyIds) insiders.add(id);
      await insertInternalDeliveries(uow.trx, doc.id, [...insiders]);
      await uow.notify(insiders, 'inbox:new', { ...documentRef(updated), reason: 'arrived' });
      if (doc.replaces_document_id) await updateDocument(uow.trx, doc.replaces_document_id, { replaced_by_document_id: doc.id });
      await closeAnsweredWork(uow, actor, updated, symbol, issuedAt, answeredIds);
      await uow.audit({
        actorId: actor.userId,
        organizationId: org.id,
        action: 'document.issue',
        objectType: 'document',
        objectId: doc.id,
        summary: `Ban hành văn bản số ${symbol}: ${documentLabel(doc)}${recipients.length ? `; gửi ${recipients.length} nơi nhận` : ''}`,
        data: { number: doc.number, symbol, year: doc.register_year, recipients: doc.recipient_codes },
      });
      return { doc: updated, warnings, deliveryJobCount, arrivedCodes: arrived.map((c) => c.code) };
    });
  } catch (err) {
    if (producedKey) await discardBlob(deps.db, deps.blobs, producedKey).catch(() => undefined);
    throw err;
  }
}

/** The request's second step, then its deliveries at once, and the answer it gives. */
export async function finishIssue(deps: FinishIssueDeps, actor: Actor, documentId: string, material: IssueMaterial): Promise<IssueResult> {
  const done = await sealAndCommit(deps, actor, documentId, material);
  if (done) await deps.runDeliveries(documentId, done.deliveryJobCount);
  const doc = done?.doc ?? (await findDocument(deps.db, documentId))!;
  // Every recipient got its copy in the issue's transaction: nothing else to read.
  const arrived = new Set(done?.arrivedCodes);
  const sent = material.recipients.every((r) => arrived.has(r.code))
    ? new Map(material.recipients.map((r) => [r.code, DELIVERY_STATUS.arrived as string]))
    : new Map((await listDeliveriesOf(deps.db, documentId)).map((d) => [d.org_code as string, d.status as string]));
  // A copy whose job has not run yet (it failed and will be retried) shows as still being sent.
  const deliveries = material.recipients.map((r) => ({ orgCode: r.code, orgName: r.name, status: sent.get(r.code) ?? null }));
  return { doc, deliveries, warnings: done?.warnings ?? [] };
}

const payloadSchema = z.object({ documentId: z.uuid() });

/** Finishes an issue whose request did not (the number stays the document's: registers have no gaps). */
export function finishIssueJobHandler(deps: FinishIssueDeps): JobHandler {
  return async (job) => {
    const { documentId } = payloadSchema.parse(job.payload);
    const doc = await findDocument(deps.db, documentId);
    if (!doc || doc.status !== 'issuing') return;
    const user = doc.issued_by ? await findUserById(deps.db, doc.issued_by) : undefined;
    if (!user) throw new Error(`issuing document ${documentId} has no issuing clerk`);
    const done = await sealAndCommit(deps, actorFromUser(user), documentId, await loadIssueMaterial(deps, doc));
    // Marked done in the transaction that issued; otherwise the request finished first and the worker closes it.
    return done ? 'done' : undefined;
  };
}
