import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireSystemAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { type CodeListLine, defaultAbbreviation, readCodeList, readLevel } from './code-list-file';
import { insertValidatedOrganization } from './create-organization';
import { placeUnder } from './move-organization';
import { isValidOrgCode } from './org-code';
import { addCodeHistory, findOrganizationByCode, updateOrganization } from './organizations.repository';

export const importCodeListSchema = z.object({
  fileName: z.string().trim().max(255).optional(),
  /** The file's text: a JSON array of `{code, name, abbreviation?, level, parentCode?}` or a CSV with a header line. */
  content: z.string().min(1, 'Cần chọn tệp').max(2_000_000),
});

export interface CodeListError {
  line: number;
  code: string;
  message: string;
}

export interface CodeListReport {
  created: number;
  updated: number;
  unchanged: number;
  errors: CodeListError[];
}

/**
 * A file's lines in an order where each parent comes before its children (a published list may be
 * sorted by code, which puts communes before their province in QCVN 102 codes).
 */
function parentsFirst(lines: CodeListLine[]): CodeListLine[] {
  const inFile = new Map(lines.map((l) => [l.code, l]));
  const placed = new Set<string>();
  const ordered: CodeListLine[] = [];
  const visiting = new Set<string>();
  const visit = (l: CodeListLine) => {
    if (placed.has(l.code) || visiting.has(l.code)) return;
    visiting.add(l.code);
    const parent = l.parentCode ? inFile.get(l.parentCode) : undefined;
    if (parent && parent !== l) visit(parent);
    visiting.delete(l.code);
    placed.add(l.code);
    ordered.push(l);
  };
  for (const l of lines) visit(l);
  return ordered;
}

/**
 * Imports the national list of organisation codes: new codes are created, known ones brought up to
 * date (name, abbreviation, level, parent: a move under the level rules), and every line that cannot
 * apply is reported with its line number while the others still land. One transaction: the rows
 * are checked before each write, so a refused line writes nothing.
 */
export async function importCodeList(db: Knex, actor: Actor, input: z.infer<typeof importCodeListSchema>): Promise<CodeListReport> {
  requireSystemAdmin(actor);
  const lines = readCodeList(input.content);
  const report: CodeListReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const seen = new Set<string>();
  await db.transaction(async (trx) => {
    for (const l of parentsFirst(lines)) {
      const fail = (message: string) => report.errors.push({ line: l.line, code: l.code, message });
      if (!l.code) {
        fail('Thiếu mã định danh');
        continue;
      }
      if (seen.has(l.code)) {
        fail('Mã định danh lặp lại trong tệp');
        continue;
      }
      seen.add(l.code);
      if (!isValidOrgCode(l.code)) {
        fail('Mã định danh không đúng định dạng QCVN 102:2016 hoặc Quyết định 20/2020');
        continue;
      }
      const level = readLevel(l.level);
      if (!level) {
        fail(`Cấp "${l.level}" không hợp lệ (Trung ương, Tỉnh, Huyện, Xã)`);
        continue;
      }
      if (l.name.length < 2 || l.name.length > 300) {
        fail('Tên cơ quan cần từ 2 đến 300 ký tự');
        continue;
      }
      const abbreviation = (l.abbreviation || defaultAbbreviation(l.name)).toUpperCase().slice(0, 30);
      try {
        const existing = await findOrganizationByCode(trx, l.code);
        if (!existing) {
          await insertValidatedOrganization(trx, { code: l.code, name: l.name, abbreviation, level, parentCode: l.parentCode || undefined });
          report.created += 1;
          continue;
        }
        if (existing.merged_into_id) throw new AppError('ORG_MERGED', 'Cơ quan này đã được sáp nhập; mã chỉ còn trong lịch sử');
        const parent = l.parentCode ? await findOrganizationByCode(trx, l.parentCode) : null;
        if (l.parentCode && !parent) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan cấp trên có mã ${l.parentCode}`);
        if (parent?.merged_into_id) throw new AppError('ORG_MERGED', `Cơ quan cấp trên ${l.parentCode} đã được sáp nhập`);
        const sameParent = (parent?.id ?? null) === existing.parent_id;
        const sameText = existing.name === l.name && (!l.abbreviation || existing.abbreviation === abbreviation);
        if (sameParent && sameText && existing.level === level) {
          report.unchanged += 1;
          continue;
        }
        if (!sameParent || existing.level !== level) await placeUnder(trx, existing, parent ?? null, level);
        if (!sameText) {
          await updateOrganization(trx, existing.id, { name: l.name, ...(l.abbreviation ? { abbreviation } : {}) });
          // The national list renamed it: the former name stays in its history, as a rename from the tree screen does.
          await addCodeHistory(trx, { organization_id: existing.id, code: existing.code, name: existing.name, abbreviation: existing.abbreviation, reason: 'renamed' });
        }
        report.updated += 1;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        fail(err.message);
      }
    }
    report.errors.sort((a, b) => a.line - b.line);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: null,
      action: 'organization.import_codes',
      objectType: 'organization',
      objectId: 'code-list',
      summary: `Nhập danh mục mã định danh${input.fileName ? ` từ ${input.fileName}` : ''}: ${report.created} mới, ${report.updated} cập nhật, ${report.unchanged} không đổi, ${report.errors.length} lỗi`,
      data: { fileName: input.fileName ?? null, created: report.created, updated: report.updated, unchanged: report.unchanged, errors: report.errors.length },
    });
  });
  return report;
}
