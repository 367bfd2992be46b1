/** Inbox shapes shared with the web client: keep this file free of imports. */
export type InboxSection = 'internal' | 'pending_electronic' | 'to_submit' | 'ready_to_issue' | 'recalled' | 'awaiting_direction' | 'awaiting_signature' | 'my_drafts' | 'assigned';

export interface InboxAssignment {
  id: string;
  role: string;
  status: string;
  deadline: string | null;
  overdue: boolean;
  percent: number;
}
