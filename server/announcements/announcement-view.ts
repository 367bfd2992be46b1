/** Internal announcements as the API shows them. Shared with the web client: keep this file free of imports. */
export interface AnnouncementView {
  id: string;
  title: string;
  body: string;
  author: { id: string; fullName: string };
  createdAt: string;
  expiresAt: string | null;
  expired: boolean;
  /** Empty: the whole agency. */
  units: { id: string; name: string }[];
  attachments: { id: string; fileName: string; contentType: string; size: number }[];
  /** For a recipient: when they read it (null = unread). Absent for the author's own announcements. */
  readAt?: string | null;
  mine: boolean;
  /** For the author: how many of the recipients have read it. */
  readCount?: number;
  recipientCount?: number;
}

export interface AnnouncementReader {
  userId: string;
  fullName: string;
  unit: string | null;
  readAt: string | null;
}
