/* Shared with the web client: keep this file free of imports. */

/** The lists (sổ, danh sách) a user can open. */
export const BOOKS = ['incoming', 'outgoing', 'drafts', 'all', 'starred'] as const;
export type Book = (typeof BOOKS)[number];

export const bookTitles: Record<Book, string> = {
  incoming: 'Văn bản đến',
  outgoing: 'Văn bản đi',
  drafts: 'Dự thảo',
  all: 'Tất cả văn bản',
  starred: 'Văn bản đánh dấu',
};

/** Columns a list sorts by; `relevance` only with a search. */
export const SORTS = ['date', 'arrivalNumber', 'number', 'symbol', 'subject', 'docType', 'urgency', 'status', 'relevance'] as const;
export type ListSort = (typeof SORTS)[number];

/** A piece of a highlighted snippet: `hit` pieces matched the search. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface DocumentListItem {
  id: string;
  /** Which book the document sits in: incoming, outgoing (issued) or drafts (outgoing, not issued yet). */
  book: 'incoming' | 'outgoing' | 'drafts';
  direction: 'incoming' | 'outgoing';
  symbol: string | null;
  subject: string;
  /** The list date (YYYY-MM-DD, Vietnam time): arrival, issue or creation. */
  date: string;
  arrivalNumber: number | null;
  arrivalNumberText: string | null;
  number: number | null;
  issuedDate: string | null;
  issuer: string | null;
  recipients: string[];
  docType: string;
  docTypeName: string;
  urgency: string;
  urgencyText: string;
  secrecy: string;
  secrecyText: string;
  status: string;
  statusText: string;
  handler: string | null;
  deadline: string | null;
  overdue: boolean;
  starred: boolean;
  /** The user's private note, on starred documents. */
  note: string | null;
  /** Held by an agency merged into the viewer's (its name), for documents that are not the viewer's agency's own. */
  heldBy?: string;
  /** With a search: the highlighted subject and a highlighted passage of the other matching text. */
  highlight?: { subject: SnippetPart[]; passage: SnippetPart[] };
}

export interface DocumentListPage {
  items: DocumentListItem[];
  nextCursor: string | null;
  /** With a search ordered by relevance: only this many newest matches are ranked (older ones: sort by date). */
  relevanceWindow?: number;
}

export interface NotificationItem {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  documentId: string | null;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unread: number;
}
