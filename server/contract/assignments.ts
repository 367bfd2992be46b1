import { z } from 'zod';
import { calendarDate, calendarDateTime } from './calendar-date';
import './messages';

/** Direction and assignment requests, shared with the web client (no Node imports here). */

export const assigneeSchema = z.union([z.object({ userId: z.uuid() }).strict(), z.object({ unitId: z.uuid() }).strict()], {
  message: 'Mỗi người/đơn vị được giao phải có userId hoặc unitId',
});
export type AssigneeInput = z.infer<typeof assigneeSchema>;

/** A date (`2026-12-01`: the end of that day in Vietnam) or a full ISO date-time. */
export const deadlineSchema = z.union([calendarDate('Hạn xử lý phải là ngày YYYY-MM-DD'), calendarDateTime('Hạn xử lý phải là thời điểm ISO 8601')], { message: 'Hạn xử lý phải là ngày (YYYY-MM-DD) hoặc thời điểm ISO 8601' });

export const directionSchema = z.object({
  instruction: z.string().trim().min(2, 'Cần nội dung ý kiến chỉ đạo').max(4000),
  lead: assigneeSchema,
  coordinators: z.array(assigneeSchema).max(50).default([]),
  inform: z.array(assigneeSchema).max(100).default([]),
  deadline: deadlineSchema.optional(),
  /** Organisations below this one that receive the document too (e.g. a district passing a province's decision to its communes). */
  forwardTo: z.array(z.string().trim().min(1)).max(500).default([]),
});
export type DirectionInput = z.input<typeof directionSchema>;

export const progressSchema = z.object({
  note: z.string().trim().min(2, 'Cần nội dung tiến độ').max(4000),
  percent: z.number().int().min(0).max(100).optional(),
});

export const completeSchema = z.object({
  result: z.string().trim().min(2, 'Cần kết quả xử lý').max(8000),
  fileKeys: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(20).default([]),
});

export const assignmentResultSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  role: z.string(),
  status: z.string(),
  percent: z.number(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  result: z.string().nullable(),
  completedAt: z.string().nullable(),
});
