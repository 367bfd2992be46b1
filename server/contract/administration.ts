import { z } from 'zod';
import './messages';
import { organizationViewSchema, registerViewSchema } from './platform';

/**
 * Administration of the tree, positions, catalogues and who signs for whom (issue 15), shared with
 * the web client.
 */

/** One row of the administrator's paged list of organisations. */
export const organizationAdminItemSchema = organizationViewSchema.extend({
  parentName: z.string().nullable(),
  /** Code of the survivor when this agency was merged into another. */
  mergedInto: z.string().nullable(),
  userCount: z.number(),
});
export type OrganizationAdminItem = z.infer<typeof organizationAdminItemSchema>;

export const organizationPageSchema = z.object({
  items: z.array(organizationAdminItemSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type OrganizationPage = z.infer<typeof organizationPageSchema>;

export const formerCodeSchema = z.object({ code: z.string(), name: z.string(), reason: z.string(), at: z.string() });

export const mergeResultSchema = z.object({
  absorbed: z.string(),
  survivor: z.string(),
  childrenMoved: z.array(z.string()),
  users: z.number().describe('Tài khoản vẫn thuộc cơ quan bị sáp nhập (vẫn đăng nhập, tra cứu được)'),
  documents: z.number().describe('Văn bản vẫn lưu dưới mã cũ'),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;

export const moveChildrenResultSchema = z.object({ moved: z.array(z.string()) });

export const codeListReportSchema = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ line: z.number(), code: z.string(), message: z.string() })),
});
export type CodeListReport = z.infer<typeof codeListReportSchema>;

/** KT. (ký thay), TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền): Decree 30, appendix I. */
export const SIGNING_CAPACITIES = ['KT', 'TL', 'TUQ', 'Q'] as const;
export type SigningCapacity = (typeof SIGNING_CAPACITIES)[number];
export const signingCapacityNames: Record<SigningCapacity, string> = { KT: 'Ký thay (KT.)', TL: 'Thừa lệnh (TL.)', TUQ: 'Thừa ủy quyền (TUQ.)', Q: 'Quyền (Q.)' };

export const signsForSchema = z.object({ userId: z.string(), fullName: z.string(), position: z.string(), capacity: z.enum(SIGNING_CAPACITIES) });

export const positionViewSchema = z.object({ id: z.string(), name: z.string(), rank: z.number(), userCount: z.number() });
export type PositionView = z.infer<typeof positionViewSchema>;
export const positionListSchema = z.object({ items: z.array(positionViewSchema) });

export const CATALOG_KINDS = ['doc_type', 'subject_area'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];
export const catalogEntrySchema = z.object({ id: z.string(), kind: z.enum(CATALOG_KINDS), code: z.string(), name: z.string(), active: z.boolean() });
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export const catalogListSchema = z.object({ items: z.array(catalogEntrySchema) });

/** A register with where its numbering stands in a year (read only: numbers are taken at issue or registration). */
export const registerNumberingSchema = z.object({
  year: z.number(),
  items: z.array(
    registerViewSchema.extend({
      lastNumber: z.number().describe('Số cuối cùng đã cấp trong năm'),
      nextNumber: z.number().describe('Số sẽ cấp tiếp theo'),
      used: z.number().describe('Số văn bản mang số của sổ trong năm'),
    }),
  ),
});
export type RegisterNumbering = z.infer<typeof registerNumberingSchema>;
