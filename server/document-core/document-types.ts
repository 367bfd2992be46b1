import { docTypeSchema, SECRECIES, secrecyNames, URGENCIES, urgencyNames, type Secrecy, type Urgency } from '../contract/codes';

export { docTypeSchema, SECRECIES, secrecyNames, URGENCIES, urgencyNames, type Secrecy, type Urgency };

/** edXML Priority (QCVN 102): 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc. */
export const urgencyPriority: Record<Urgency, number> = { normal: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 };


export type DocumentStatus =
  // incoming
  | 'pending' // electronic, waiting for the clerk to accept or return
  | 'registered'
  | 'submitted'
  | 'directed'
  | 'in_progress'
  | 'completed'
  | 'returned' // returned to the sender (incoming) or to the drafter (outgoing)
  | 'withdrawn' // recalled by the sender
  // outgoing
  | 'draft'
  | 'approved'
  | 'signed'
  | 'issuing' // numbered, the seal and the deliveries being committed (finish-issue.ts)
  | 'issued'
  | 'recalled';

export const statusNames: Record<DocumentStatus, string> = {
  pending: 'Chờ tiếp nhận',
  registered: 'Đã vào sổ',
  submitted: 'Chờ lãnh đạo xử lý',
  directed: 'Đã giao xử lý',
  in_progress: 'Đang xử lý',
  completed: 'Đã hoàn thành',
  returned: 'Đã trả lại',
  withdrawn: 'Đã bị thu hồi',
  draft: 'Dự thảo',
  approved: 'Đã duyệt',
  signed: 'Lãnh đạo đã ký',
  issuing: 'Đang ban hành',
  issued: 'Đã ban hành',
  recalled: 'Đã thu hồi',
};
