import { z } from 'zod';
import './messages';

/** The codes documents are described with, shared by the server and the web client (no Node imports here). */

/** Document type abbreviations (Decree 30, appendix III). Công văn has none: `CV` is our API's name for it. */
export const DOC_TYPES: Record<string, string> = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TC: 'Thông cáo',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  HĐ: 'Hợp đồng',
  CĐ: 'Công điện',
  BGN: 'Bản ghi nhớ',
  BTT: 'Bản thỏa thuận',
  GUQ: 'Giấy ủy quyền',
  GM: 'Giấy mời',
  GGT: 'Giấy giới thiệu',
  GNP: 'Giấy nghỉ phép',
  PG: 'Phiếu gửi',
  PC: 'Phiếu chuyển',
  PB: 'Phiếu báo',
  CV: 'Công văn',
};

export const DOC_TYPE_CODES = Object.keys(DOC_TYPES) as [string, ...string[]];

export const URGENCIES = ['normal', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export const SECRECIES = ['normal', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export type Urgency = (typeof URGENCIES)[number];
export type Secrecy = (typeof SECRECIES)[number];

export const urgencyNames: Record<Urgency, string> = { normal: 'Thường', khan: 'Khẩn', thuong_khan: 'Thượng khẩn', hoa_toc: 'Hỏa tốc' };
export const secrecyNames: Record<Secrecy, string> = { normal: 'Thường', mat: 'Mật', toi_mat: 'Tối mật', tuyet_mat: 'Tuyệt mật' };

export const docTypeSchema = z.enum(DOC_TYPE_CODES, { message: 'Loại văn bản không hợp lệ (dùng chữ viết tắt: QĐ, TB, CV…)' });

/** Where a document stands; the names are what lists, filters and the detail view show. */
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
