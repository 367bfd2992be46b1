import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import { CATALOG_KINDS, type CatalogKind } from '../contract/administration';
import { DOC_TYPE_CODES, DOC_TYPES } from '../contract/codes';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { findCatalogByCode, findCatalogEntry, insertCatalogEntry, listCatalog, updateCatalogEntry, type CatalogRow } from './catalogues.repository';
import { getVisibleOrganization } from './organization-access';

export const catalogInputSchema = z.object({
  kind: z.enum(CATALOG_KINDS),
  code: z.string().trim().min(1, 'Cần nhập mã').max(20).regex(/^[\p{L}0-9._-]+$/u, 'Mã chỉ gồm chữ, số, dấu chấm, gạch nối'),
  name: z.string().trim().max(200).optional(),
});
export const catalogUpdateSchema = z.object({ name: z.string().trim().min(2).max(200).optional(), active: z.boolean().optional() });

const kindNames: Record<CatalogKind, string> = { doc_type: 'loại văn bản', subject_area: 'lĩnh vực' };

/**
 * Adds a document type the agency uses, or a subject area (lĩnh vực). Document types are the ones
 * Decree 30 names (the abbreviation goes into the symbol), so their code must be one of those and the
 * name defaults to the decree's.
 */
export async function createCatalogEntry(db: Knex, actor: Actor, orgCode: string, input: z.infer<typeof catalogInputSchema>): Promise<CatalogRow> {
  const org = await getVisibleOrganization(db, orgCode);
  requireOrgAdmin(actor, org.id);
  let name = input.name ?? '';
  if (input.kind === 'doc_type') {
    if (!(DOC_TYPE_CODES as readonly string[]).includes(input.code)) throw new AppError('VALIDATION_FAILED', `"${input.code}" không phải loại văn bản theo Nghị định 30 (QĐ, TB, CV…)`);
    name = name || (DOC_TYPES as Record<string, string>)[input.code];
  }
  if (name.length < 2) throw new AppError('VALIDATION_FAILED', 'Tên cần ít nhất 2 ký tự');
  return db.transaction(async (trx) => {
    const existing = await findCatalogByCode(trx, org.id, input.kind, input.code);
    if (existing) throw new AppError('CATALOG_CODE_TAKEN', `Mã ${input.code} đã có trong danh mục ${kindNames[input.kind]}${existing.active ? '' : ' (đang ngừng dùng: hãy dùng lại)'}`);
    const row = await insertCatalogEntry(trx, { id: randomUUID(), organization_id: org.id, kind: input.kind, code: input.code, name, active: true });
    await recordAudit(trx, { actorId: actor.userId, organizationId: org.id, action: 'catalog.create', objectType: 'catalog_entry', objectId: row.id, summary: `Thêm ${kindNames[row.kind]} ${row.code} — ${row.name}` });
    return row;
  });
}

/** Renames, stops (ngừng dùng) or restores an entry; entries are never deleted: old documents name them. */
export async function editCatalogEntry(db: Knex, actor: Actor, id: string, input: z.infer<typeof catalogUpdateSchema>): Promise<CatalogRow> {
  const entry = isUuid(id) ? await findCatalogEntry(db, id) : undefined;
  if (!entry) throw new AppError('NOT_FOUND', 'Không tìm thấy mục danh mục');
  requireOrgAdmin(actor, entry.organization_id);
  return db.transaction(async (trx) => {
    const row = await updateCatalogEntry(trx, entry.id, input);
    const what = input.active === false ? 'Ngừng dùng' : input.active === true && !entry.active ? 'Dùng lại' : 'Sửa';
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: entry.organization_id,
      action: 'catalog.update',
      objectType: 'catalog_entry',
      objectId: entry.id,
      summary: `${what} ${kindNames[entry.kind]} ${entry.code} — ${row.name}`,
      data: { before: { name: entry.name, active: entry.active }, after: input },
    });
    return row;
  });
}

/**
 * The agency's own documents use only the document types it keeps in use (the drafting form offers
 * only those). An agency that keeps none in use has not limited them: every Decree 30 type is open.
 */
export const docTypeAllowed = (codesInUse: readonly string[], docType: string): boolean => codesInUse.length === 0 || codesInUse.includes(docType);

/** `docTypeAllowed` against the agency's catalogue, or the refusal naming the types in use. */
export async function requireDocTypeInUse(db: Knex, organizationId: string, docType: string, when: 'draft' | 'issue'): Promise<void> {
  const inUse = await listCatalog(db, organizationId, 'doc_type', true);
  if (docTypeAllowed(inUse.map((e) => e.code), docType)) return;
  const stopped = await findCatalogByCode(db, organizationId, 'doc_type', docType);
  const name = (DOC_TYPES as Record<string, string>)[docType] ?? docType;
  const why = stopped ? 'đã ngừng dùng' : 'không có trong danh mục của cơ quan';
  const fix = when === 'issue' ? 'quản trị viên cơ quan dùng lại loại này, hoặc soạn lại dự thảo với loại đang dùng' : 'hãy chọn loại đang dùng';
  throw new AppError('DOC_TYPE_NOT_IN_USE', `Loại văn bản ${name} (${docType}) ${why}: ${fix} — ${inUse.map((e) => `${e.name} (${e.code})`).join(', ')}`, { docType, inUse: inUse.map((e) => e.code) });
}

/**
 * The subject area (lĩnh vực) a dossier is filed under, as stored (the entry's name, so lists and
 * filters keep reading the text column): given by code or name of an area in use. An agency that
 * keeps no areas in use has not limited them (free text, as before the catalogue existed).
 * `undefined` leaves the field as it is; an empty value clears it.
 */
export async function subjectAreaFor(db: Knex, organizationId: string, value: string | undefined): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  const given = value.trim();
  if (!given) return null;
  const inUse = await listCatalog(db, organizationId, 'subject_area', true);
  if (inUse.length === 0) return given;
  const same = (e: CatalogRow) => e.code.toLocaleLowerCase('vi') === given.toLocaleLowerCase('vi') || e.name.toLocaleLowerCase('vi') === given.toLocaleLowerCase('vi');
  const found = inUse.find(same);
  if (found) return found.name;
  const stopped = (await listCatalog(db, organizationId, 'subject_area', false)).find(same);
  throw new AppError(
    'SUBJECT_AREA_UNKNOWN',
    `Lĩnh vực "${given}" ${stopped ? 'đã ngừng dùng' : 'không có trong danh mục lĩnh vực của cơ quan'}; chọn một lĩnh vực đang dùng — ${inUse.map((e) => e.name).join(', ')}`,
    { inUse: inUse.map((e) => e.code) },
  );
}
