import { z } from 'zod';
import './messages';

/**
 * One action the viewer may take now, as the server presents it (from the workflow's transition
 * table, server/shared/transitions.ts); the client renders exactly these.
 */
export const allowedActionSchema = z.object({
  action: z.string().describe('Mã thao tác (accept, submit, sign…)'),
  label: z.string().describe('Nhãn nút bấm'),
  needsReason: z.boolean().describe('Cần nêu lý do'),
  path: z.string().describe('Đường dẫn thao tác, tính từ địa chỉ của đối tượng'),
  secondary: z.boolean().describe('Thao tác phụ'),
});
export type AllowedAction = z.infer<typeof allowedActionSchema>;
