import { z } from 'zod';
import './messages';

/**
 * Users, organisations, registers, certificates and reports as the API shows them, shared with the
 * web client (no Node imports here).
 */

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  position: z.string(),
  orgCode: z.string().nullable(),
  orgName: z.string().nullable(),
  unit: z.object({ id: z.string(), name: z.string(), abbreviation: z.string() }).nullable(),
  roles: z.array(z.string()),
  isSystemAdmin: z.boolean(),
  hasSignatureImage: z.boolean(),
  /** Account state (administration): locked, or must choose a new password at next use. */
  locked: z.boolean().optional(),
  mustChangePassword: z.boolean().optional(),
  notificationPrefs: z.record(z.string(), z.boolean()).optional(),
  /** The head this leader signs on behalf of (KT., TL., TUQ., Q.); null when they sign in their own name. */
  signsFor: z.object({ userId: z.string(), fullName: z.string(), position: z.string(), capacity: z.enum(['KT', 'TL', 'TUQ', 'Q']) }).nullable().optional(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const loginResultSchema = z.object({ token: z.string(), expiresAt: z.string(), user: userViewSchema });

export const organizationViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  abbreviation: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
  /** Hosted by another system: reached as edXML through the exchange axis. */
  external: z.boolean(),
});
export type OrganizationView = z.infer<typeof organizationViewSchema>;

export interface OrganizationTreeView extends OrganizationView {
  children: OrganizationTreeView[];
}
// Recursive: published as a named component (`meta.id`), which the OpenAPI generator needs to stop recursing.
export const organizationTreeSchema: z.ZodType<OrganizationTreeView> = organizationViewSchema
  .extend({
    get children() {
      return z.array(organizationTreeSchema);
    },
  })
  .meta({ id: 'OrganizationTree' });

export const unitViewSchema = z.object({ id: z.string(), name: z.string(), abbreviation: z.string() });

/** The directory: the whole tree, or the search results when `q` is given. */
export const organizationDirectorySchema = z.union([z.object({ tree: z.array(organizationTreeSchema) }), z.object({ items: z.array(organizationViewSchema) })]);
export const organizationDetailSchema = organizationViewSchema.extend({
  units: z.array(unitViewSchema).optional(),
  /** Code of the survivor when this agency was merged into another. */
  mergedInto: z.string().nullable().optional(),
  /**
   * History: codes of agencies merged into this one (reason 'merged'; old documents cite them),
   * replaced codes ('recoded'), and this agency's own former names ('renamed').
   */
  formerCodes: z.array(z.object({ code: z.string(), name: z.string(), abbreviation: z.string().nullable(), reason: z.enum(['merged', 'recoded', 'renamed']), at: z.string() })).optional(),
});
export type OrganizationDetail = z.infer<typeof organizationDetailSchema>;
export type FormerCode = NonNullable<OrganizationDetail['formerCodes']>[number];
export const userListSchema = z.object({ items: z.array(userViewSchema) });

export const registerViewSchema = z.object({ id: z.string(), kind: z.string(), code: z.string(), name: z.string(), secret: z.boolean(), docTypes: z.array(z.string()).nullable().describe('Loại văn bản của sổ riêng; null: sổ chung'), yearInSymbol: z.boolean() });
export type RegisterView = z.infer<typeof registerViewSchema>;
export const registerListSchema = z.object({ items: z.array(registerViewSchema) });

/** A register printed or exported: the column titles Decree 30 (appendix IV) prescribes, and rows of text. */
export const registerBookSchema = z.object({
  title: z.string(),
  organization: z.string(),
  period: z.string(),
  columns: z.array(z.string()),
  /** Relative column widths for the printed layout. */
  widths: z.array(z.number()),
  rows: z.array(z.array(z.string())),
});

export const certificateInfoSchema = z.object({ subject: z.string(), commonName: z.string().nullable(), notAfter: z.string() });
export const storedImageSchema = z.object({ sha256: z.string(), size: z.number() });
export const trustAnchorsAddedSchema = z.object({ items: z.array(z.object({ subject: z.string(), fingerprint: z.string(), created: z.boolean() })) });
export const trustAnchorListSchema = z.object({ items: z.array(z.object({ id: z.string(), subject: z.string(), fingerprint: z.string(), createdAt: z.string() })) });

const share = z.number().nullable();
export const activityReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  incoming: z.object({ total: z.number(), electronic: z.number(), secret: z.number(), electronicShare: share }),
  outgoing: z.object({ total: z.number(), signed: z.number(), sentElectronically: z.number(), signedShare: share, electronicShare: share }),
  work: z.object({ completed: z.number(), onTime: z.number(), open: z.number(), overdueOpen: z.number(), onTimeShare: share, lateShare: share }),
  byLevel: z.object({ sent: z.record(z.string(), z.number()), received: z.record(z.string(), z.number()) }),
});

export const healthSchema = z.object({ status: z.enum(['ok', 'shutting_down']), version: z.string() });
