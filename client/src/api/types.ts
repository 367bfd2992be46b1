/** Response shapes of the Vanban API, as the client uses them (see server/*.presenter.ts). */
export type { UserView as User } from '../../../server/users/user-view';

export interface DocumentView {
  id: string;
  direction: 'incoming' | 'outgoing';
  status: string;
  statusText: string;
  source: string;
  docType: string;
  docTypeName: string;
  subject: string;
  urgency: string;
  urgencyText: string;
  secrecy: string;
  secrecyText: string;
  pages: number | null;
  issuer: string | null;
  issuerCode: string | null;
  symbol: string | null;
  number: number | null;
  issuedDate: string | null;
  arrivalNumber: number | null;
  arrivalNumberText: string | null;
  arrivalAt: string | null;
  hasFile: boolean;
  fileName: string | null;
  currentVersion: number | null;
  leaderId: string | null;
  signedBy: string | null;
  signedAt: string | null;
  issuedAt: string | null;
  recipients: string[] | null;
  verification: { valid: boolean; summary: string | null } | null;
  returnReason: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}


import type { InboxAssignment, InboxSection } from '../../../server/documents/inbox-types';
export type { InboxAssignment, InboxSection };

export interface Inbox {
  items: { section: InboxSection; document: DocumentView; assignment?: InboxAssignment }[];
  counts: Partial<Record<InboxSection, number>>;
  sections: Record<InboxSection, string>;
  unread: number;
}

export interface Assignment {
  id: string;
  role: string;
  assignee: string | null;
  assigneeUserId: string | null;
  assigneeUnitId: string | null;
  deadline: string | null;
  status: string;
  percent: number;
  overdue: boolean;
  result: string | null;
  completedAt: string | null;
  updates: { note: string; percent: number | null; author: string; at: string }[];
}

export interface Delivery {
  id: string;
  orgCode: string;
  orgName: string;
  status: string;
  statusText: string;
  reason: string | null;
  timeline: { status: string; statusText: string; at: string; by: string | null; reason: string | null }[];
}

export interface DocumentDetail {
  document: DocumentView;
  versions: { version: number; fileName: string; size: number; kind: string; note: string | null; createdAt: string }[];
  comments: { id: string; body: string; author: string; createdAt: string }[];
  directions: { id: string; leader: string; instruction: string; deadline: string | null; createdAt: string }[];
  assignments: Assignment[];
  deliveries: Delivery[];
}

export interface SignatureCheck {
  field: string;
  kind: string;
  signer: { commonName: string | null; organization: string | null; subject: string; issuer: string } | null;
  signingTime: string | null;
  integrity: 'intact' | 'broken' | 'error';
  chain: 'trusted' | 'untrusted' | 'expired' | 'invalid' | 'error';
  revocation: string;
  changesAfter: 'none' | 'signatures_only' | 'form_fill' | 'disallowed';
  level: string | null;
  valid: boolean;
  summary: string;
  errors: { code: string; message: string }[];
}

export interface SignatureReport {
  valid: boolean;
  summary: string;
  signatures: SignatureCheck[];
}

export interface HistoryItem {
  at: string;
  action: string;
  summary: string;
  actorName: string | null;
}

export interface Organization {
  /** Hosted by another system: reached as edXML through the exchange axis. */
  external?: boolean;
  code: string;
  name: string;
  abbreviation: string;
  level: string;
  parentCode: string | null;
  children?: Organization[];
}

export interface Register {
  id: string;
  kind: string;
  code: string;
  name: string;
  secret: boolean;
}

export type { RegisterBook } from '../../../server/registers/register-book-view';
export type { OutboxListView as OutboxList, AttachmentView as ExchangeAttachment } from '../../../server/exchange/exchange-views';
export interface ImportResult {
  documentIds: string[];
}
