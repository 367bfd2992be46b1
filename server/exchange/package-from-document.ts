import type { Knex } from 'knex';
import type { BlobStore } from '../../storage';
import type { DocumentRow } from '../document-core/documents.repository';
import { findDocument } from '../document-core/documents.repository';
import { findOrganizationById, type OrganizationRow } from '../organizations/organizations.repository';
import { DOC_TYPES } from '../registers/symbol';
import { urgencyPriority } from '../document-core/document-types';
import { AppError } from '../shared/errors';
import { findUserById } from '../users/users.repository';
import { findOrganizationByCode } from '../organizations/organizations.repository';
import { formatDocumentId, type EdxmlHeader, type OutgoingAttachment } from './edxml';
import { isoDay, organInfo, splitSymbol } from './edxml-mapping';
import { listAttachments } from './exchange.repository';

/** The DocumentId a document travels under: the issuing agency's code, the issue date and the symbol. */
export function edxmlDocumentIdOf(doc: DocumentRow, issuerCode: string): string {
  const { codeNumber, codeNotation } = splitSymbol(doc.symbol ?? '');
  return formatDocumentId(issuerCode, isoDay(doc.issued_date), codeNumber, codeNotation);
}

/** The agency that issued the content: the sender itself, or the original issuer of a forwarded copy. */
export function issuerCodeOf(doc: DocumentRow, sender: OrganizationRow): string {
  return doc.direction === 'outgoing' ? sender.code : doc.issuer_code ?? sender.code;
}

export function requireExchangeable(doc: DocumentRow): void {
  if (doc.secrecy !== 'normal') throw new AppError('SECRET_DOCUMENT_NO_FILE', 'Văn bản mật không được gửi qua hệ thống điện tử');
  const sendable = doc.direction === 'outgoing' ? doc.status === 'issued' : Boolean(doc.arrival_number);
  if (!sendable || !doc.file_key || !doc.symbol) throw new AppError('INVALID_STATE', 'Chỉ đóng gói edXML được văn bản đã ban hành (có số, ký hiệu và tệp)');
}

/**
 * The edXML header and attachments of a document addressed to `recipient`. The main file is the
 * document's current (signed and sealed) PDF; a document that itself came by edXML carries its other
 * attachments along.
 */
export async function packageOfDocument(db: Knex, blobs: BlobStore, doc: DocumentRow, recipient: OrganizationRow, now: Date): Promise<{ header: Omit<EdxmlHeader, 'references'>; attachments: OutgoingAttachment[] }> {
  requireExchangeable(doc);
  const sender = (await findOrganizationById(db, doc.organization_id))!;
  const issuerCode = issuerCodeOf(doc, sender);
  const { codeNumber, codeNotation } = splitSymbol(doc.symbol!);
  const signer = doc.signed_by ? await findUserById(db, doc.signed_by) : undefined;
  const places: string[] = [];
  for (const code of doc.recipient_codes) places.push((await findOrganizationByCode(db, code))?.name ?? code);
  const replaced = doc.replaces_document_id ? await findDocument(db, doc.replaces_document_id) : undefined;
  const parent = sender.parent_id ? await findOrganizationById(db, sender.parent_id) : undefined;
  const header: Omit<EdxmlHeader, 'references'> = {
    message: {
      from: { ...organInfo(sender), organizationInCharge: parent?.name },
      to: [organInfo(recipient)],
      documentId: edxmlDocumentIdOf(doc, issuerCode),
      codeNumber,
      codeNotation,
      place: sender.name,
      promulgationDate: isoDay(doc.issued_date),
      type: '2',
      typeDetail: doc.doc_type,
      typeName: DOC_TYPES[doc.doc_type],
      subject: doc.subject,
      // Signed on behalf: the authority line ("KT. CHỦ TỊCH") is the edXML Competence, the signer's own title the Position.
      signer: doc.signed_as
        ? { competence: doc.signed_as.capacity ? doc.signed_as.lines[0] : undefined, position: doc.signed_as.position || undefined, fullName: doc.signed_as.fullName }
        : signer ? { position: signer.position || undefined, fullName: signer.full_name } : undefined,
      toPlaces: places.length ? places : [recipient.name],
      priority: urgencyPriority[doc.urgency] ?? 0,
      pageAmount: doc.pages ?? undefined,
      responseFor: [],
    },
    business: replaced?.symbol
      ? { docType: 3, reason: 'Thay thế văn bản', replacements: [edxmlDocumentIdOf(replaced, issuerCode)] }
      : { docType: 0, replacements: [] },
    traces: [{ organId: sender.code, timestamp: now.toISOString() }],
  };
  const open = (key: string) => async () => (await blobs.get(key)) as AsyncIterable<Uint8Array>;
  const attachments: OutgoingAttachment[] = [{ contentId: 'cid:1', attachmentName: doc.file_name ?? 'van-ban.pdf', contentType: 'application/pdf', open: open(doc.file_key!) }];
  for (const extra of await listAttachments(db, doc.id)) {
    if (extra.file_key === doc.file_key) continue;
    attachments.push({ contentId: `cid:${attachments.length + 1}`, attachmentName: extra.name, contentType: extra.content_type, open: open(extra.file_key) });
  }
  return { header, attachments };
}
