import { DOC_TYPES } from '../../server/registers/symbol';

export { DOC_TYPES };

export const URGENCY_OPTIONS: [string, string][] = [
  ['normal', 'Thường'],
  ['khan', 'Khẩn'],
  ['thuong_khan', 'Thượng khẩn'],
  ['hoa_toc', 'Hỏa tốc'],
];

export const SECRECY_OPTIONS: [string, string][] = [
  ['normal', 'Thường'],
  ['mat', 'Mật'],
  ['toi_mat', 'Tối mật'],
  ['tuyet_mat', 'Tuyệt mật'],
];
