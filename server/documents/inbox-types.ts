/** Inbox shapes shared with the web client: they live in the API contract. */
export type { InboxAssignment, InboxSection } from '../contract/documents';
