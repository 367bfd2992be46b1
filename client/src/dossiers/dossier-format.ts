import type { DossierStatus } from '../../../server/dossiers/dossier-contract';

export type { DossierPage, DossierSummaryView, DossierView, FilePlanItemView } from '../../../server/dossiers/dossier-contract';
export { dossierStatusNames } from '../../../server/dossiers/dossier-contract';

/** The list's tabs: by state, plus the personal and overdue views. */
export const DOSSIER_TABS: [string, string][] = [
  ['', 'Tất cả'],
  ['mine', 'Của tôi'],
  ['to_approve', 'Chờ tôi duyệt'],
  ['created', 'Mới lập'],
  ['in_progress', 'Đang giải quyết'],
  ['submitted', 'Đã trình'],
  ['returned', 'Bị trả lại'],
  ['refused', 'Bị từ chối'],
  ['completed', 'Đã kết thúc'],
  ['overdue', 'Quá hạn'],
  ['cancelled', 'Đã hủy'],
];

export const statusTone = (s: DossierStatus): string => (s === 'completed' ? 'ok' : s === 'returned' || s === 'refused' || s === 'cancelled' ? 'bad' : s === 'submitted' ? 'warn' : '');
