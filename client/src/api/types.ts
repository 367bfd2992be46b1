/**
 * Response shapes of the Vanban API: taken from the contract the server validates its answers
 * against (server/contract/), never copied by hand.
 */
export type { UserView as User, OrganizationTreeView as Organization, RegisterView as Register } from '../../../server/contract/platform';
export type {
  AnswerLink,
  Consultation,
  AssignmentView as Assignment,
  DeliveryView as Delivery,
  DocumentDetail,
  DocumentView,
  HistoryItem,
  Inbox,
  InboxAssignment,
  InboxSection,
  IssueResult,
  SignatureCheck,
  SignatureReport,
  SignatureStatus,
} from '../../../server/contract/documents';
export type { AllowedAction } from '../../../server/contract/workflow';
export type { RegisterBook } from '../../../server/registers/register-book-view';
export type { OutboxListView as OutboxList, AttachmentView as ExchangeAttachment } from '../../../server/exchange/exchange-views';
export interface ImportResult {
  documentIds: string[];
}
