import type { DocumentRef } from '../contract/events';
import type { DocumentRow } from './documents.repository';

export const documentRef = (doc: DocumentRow): DocumentRef => ({ documentId: doc.id, subject: doc.subject, symbol: doc.symbol });

/** How a document is named in audit summaries and messages. */
export const documentLabel = (doc: DocumentRow): string => (doc.symbol ? `${doc.symbol} — ${doc.subject}` : doc.subject);
