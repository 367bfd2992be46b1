import { DOC_TYPES, formatNumber } from '../registers/symbol';
import { secrecyNames, statusNames, urgencyNames } from './document-types';
import type { Actor } from '../shared/actor';
import type { DocumentView } from '../contract/documents';
import { documentActions, type DocumentContext } from './document-workflow';
import type { DocumentRow } from './documents.repository';

const isoDate = (d: string | Date | null): string | null => {
  if (!d) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  // DATE columns come back as local-midnight Dates from pg: format the local calendar day.
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

interface VerificationSummary {
  valid?: boolean;
  summary?: string;
}

/**
 * The public shape of a document: a whitelist, never the raw row. With the viewer, it lists the
 * actions they may take now (from the workflow tables); without one, none.
 */
export function presentDocument(doc: DocumentRow, viewer?: Pick<Actor, 'userId' | 'roles'>, extra: Pick<DocumentContext, 'awaitingAcknowledgement'> = {}): DocumentView {
  const verification = doc.verification as VerificationSummary | null;
  return {
    id: doc.id,
    direction: doc.direction,
    status: doc.status,
    statusText: statusNames[doc.status],
    source: doc.source,
    docType: doc.doc_type,
    docTypeName: DOC_TYPES[doc.doc_type] ?? doc.doc_type,
    subject: doc.subject,
    urgency: doc.urgency,
    urgencyText: urgencyNames[doc.urgency],
    secrecy: doc.secrecy,
    secrecyText: secrecyNames[doc.secrecy],
    pages: doc.pages,
    issuer: doc.issuer_name,
    issuerCode: doc.issuer_code,
    symbol: doc.symbol,
    number: doc.number,
    issuedDate: isoDate(doc.issued_date),
    arrivalNumber: doc.arrival_number,
    arrivalNumberText: doc.arrival_number ? formatNumber(doc.arrival_number) : null,
    arrivalAt: iso(doc.arrival_at),
    registerId: doc.register_id,
    registerYear: doc.register_year,
    hasFile: Boolean(doc.file_key),
    fileName: doc.file_name,
    currentVersion: doc.current_version,
    leaderId: doc.leader_id,
    signedBy: doc.signed_by,
    signedAs: doc.signed_as ?? null,
    signedAt: iso(doc.signed_at),
    issuedAt: iso(doc.issued_at),
    recipients: doc.recipient_codes,
    internalRecipients: doc.internal_recipients ?? [],
    replacesDocumentId: doc.replaces_document_id,
    replacedByDocumentId: doc.replaced_by_document_id,
    forwardedFromDocumentId: doc.forwarded_from_document_id,
    verification: verification ? { valid: verification.valid ?? false, summary: verification.summary ?? null } : null,
    returnReason: doc.return_reason,
    allowedActions: viewer ? documentActions(doc, viewer, extra) : [],
    createdAt: iso(doc.created_at),
    updatedAt: iso(doc.updated_at),
  };
}

export type { DocumentView };
