import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Actor } from '../shared/actor';
import { insertDocument, type DocumentRow } from '../document-core/documents.repository';
import { discardBlob } from '../document-core/stored-files';
import { findOrganizationByCode, type OrganizationRow } from '../organizations/organizations.repository';
import { deliverCopies } from '../routing/deliver-copies';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { findDeliveryTo, holdFileText } from '../routing/deliveries.repository';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { listTrustAnchors } from '../signing-keys/signing-keys.repository';
import type { EdxmlMessage, ReceivedAttachment } from './edxml';
import { docTypeOf, urgencyOf } from './edxml-mapping';
import { findForeignDocument, insertAttachments } from './exchange.repository';
import type { ExchangeDeps } from './exchange-deps';
import { applyRecall } from './apply-status';
import { relayDeliveryStatus } from './relay-status';

type PackageMessage = Extract<EdxmlMessage, { kind: 'package' }>;

export async function senderOf(deps: Pick<ExchangeDeps, 'db'>, code: string): Promise<OrganizationRow> {
  const sender = await findOrganizationByCode(deps.db, code);
  if (!sender) throw new AppError('EXCHANGE_UNKNOWN_SENDER', `Cơ quan gửi có mã ${code} chưa có trong danh bạ: cần nhập danh mục mã định danh các cơ quan liên thông`);
  if (!sender.external) throw new AppError('EXCHANGE_SENDER_NOT_EXTERNAL', `Cơ quan gửi ${code} thuộc chính hệ thống này: gói tin edXML phải đến từ hệ thống khác`);
  return sender;
}

/** The recipients this system hosts among the package's `To`; with `onlyOrgId`, just that one (a clerk's import). */
async function hostedRecipients(deps: Pick<ExchangeDeps, 'db'>, msg: PackageMessage, onlyOrgId?: string): Promise<OrganizationRow[]> {
  const named = msg.header.message.to.map((t) => t.organId);
  const hosted: OrganizationRow[] = [];
  for (const code of new Set(named)) {
    const org = await findOrganizationByCode(deps.db, code);
    if (org && !org.external && (!onlyOrgId || org.id === onlyOrgId)) hosted.push(org);
  }
  if (hosted.length === 0 && onlyOrgId) throw new AppError('EXCHANGE_NOT_ADDRESSED', `Gói tin không gửi cho cơ quan của bạn (nơi nhận: ${named.join(', ')})`);
  if (hosted.length === 0) throw new AppError('EXCHANGE_UNKNOWN_RECIPIENT', `Không có nơi nhận nào của gói tin thuộc hệ thống này (nơi nhận: ${named.join(', ')})`);
  return hosted;
}

const isPdf = (a: ReceivedAttachment) => a.contentType === 'application/pdf' || a.attachmentName.toLowerCase().endsWith('.pdf');

/**
 * A package from another system lands like an internal delivery: the issuing agency gets a stand-in
 * document (so timelines and statuses work the same), each hosted recipient a copy in its clerks'
 * waiting list with every attachment stored byte for byte and the main PDF's signatures verified
 * exactly as for internal copies; the sender is told 01. Receiving the same DocumentId again from
 * the same sender returns the copies already made.
 */
export async function receivePackage(deps: Pick<ExchangeDeps, 'blobs' | 'db' | 'publisher' | 'signing'>, msg: PackageMessage, opts: { actor: Actor | null; onlyOrgId?: string }): Promise<string[]> {
  const m = msg.header.message;
  const sender = await senderOf(deps, m.from.organId);
  const recipients = await hostedRecipients(deps, msg, opts.onlyOrgId);
  if (msg.header.business.docType === 1) {
    await applyRecall(deps, sender, m.documentId, msg.header.business.reason ?? 'Thu hồi văn bản');
    return [];
  }
  if (msg.attachments.length === 0) throw new AppError('EXCHANGE_NO_FILE', 'Gói tin không có tệp văn bản đính kèm');
  const stored: { attachment: ReceivedAttachment; key: string; size: number }[] = [];
  try {
    for (const attachment of msg.attachments) {
      const blob = await deps.blobs.put(fs.createReadStream(attachment.path), { contentType: attachment.contentType });
      stored.push({ attachment, key: blob.key, size: blob.size });
    }
    const main = stored.find((s) => isPdf(s.attachment)) ?? stored[0];
    const verification = isPdf(main.attachment)
      ? await deps.signing.verify(main.key, (await listTrustAnchors(deps.db)).map((t) => t.pem)).catch((err: Error) => ({ valid: false, summary: `Không kiểm tra được chữ ký số: ${err.message}`, report: null }))
      : { valid: false, summary: 'Tệp văn bản chính không phải PDF nên không có chữ ký số để kiểm tra', report: null };
    return await inTransaction(deps, async (uow) => {
      await holdFileText(uow.trx, main.key);
      const foreign = (await findForeignDocument(uow.trx, sender.id, m.documentId)) ?? (await insertForeign(uow.trx, sender, msg, main.key, main.attachment.attachmentName));
      const ids: string[] = [];
      const delivered: string[] = [];
      for (const org of recipients) {
        const existing = await findDeliveryTo(uow.trx, foreign.id, org.id);
        if (existing?.recipient_document_id) {
          ids.push(existing.recipient_document_id);
          continue;
        }
        await deliverCopies(uow, opts.actor?.userId ?? null, {
          senderDoc: foreign, senderOrg: sender, issuerName: sender.name, issuerCode: sender.code,
          fileKey: main.key, fileName: main.attachment.attachmentName, fileSize: main.size, verification,
        }, [org.id]);
        const delivery = (await findDeliveryTo(uow.trx, foreign.id, org.id))!;
        await insertAttachments(uow.trx, stored.map((s, position) => ({
          document_id: delivery.recipient_document_id!, position, content_id: s.attachment.contentId.slice(0, 200),
          name: s.attachment.attachmentName, content_type: s.attachment.contentType.slice(0, 120), file_key: s.key, size: s.size,
        })));
        await relayDeliveryStatus(uow, opts.actor, delivery, DELIVERY_STATUS.arrived, null);
        ids.push(delivery.recipient_document_id!);
        delivered.push(org.code);
      }
      // Receiving the same package again changes nothing, so it leaves no trace either.
      if (delivered.length === 0) return ids;
      await uow.audit({
        actorId: opts.actor?.userId ?? null,
        organizationId: recipients[0].id,
        action: 'exchange.receive',
        objectType: 'document',
        objectId: foreign.id,
        summary: `Nhận gói tin edXML ${m.documentId} từ ${sender.name}: ${m.subject}`,
        data: { documentId: m.documentId, recipients: delivered, attachments: stored.map((s) => ({ name: s.attachment.attachmentName, sha256: s.key })) },
      });
      return ids;
    });
  } catch (err) {
    for (const s of stored) await discardBlob(deps.db, deps.blobs, s.key).catch(() => undefined);
    throw err;
  }
}

function insertForeign(trx: Parameters<typeof insertDocument>[0], sender: OrganizationRow, msg: PackageMessage, fileKey: string, fileName: string): Promise<DocumentRow> {
  const m = msg.header.message;
  return insertDocument(trx, {
    id: randomUUID(),
    organization_id: sender.id,
    direction: 'outgoing',
    status: 'issued',
    source: 'electronic',
    doc_type: docTypeOf(m),
    subject: m.subject.slice(0, 2000),
    urgency: urgencyOf(m.priority),
    secrecy: 'normal',
    pages: m.pageAmount ?? null,
    issuer_name: sender.name,
    issuer_code: sender.code,
    symbol: `${m.codeNumber}/${m.codeNotation}`.slice(0, 100),
    issued_date: m.promulgationDate,
    file_key: fileKey,
    file_name: fileName.slice(0, 255),
    current_version: 1,
    recipient_codes: m.to.map((t) => t.organId.slice(0, 35)),
    edxml_document_id: m.documentId.slice(0, 300),
  });
}
