import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import type { Knex } from 'knex';
import { type Actor, requireRole } from '../shared/actor';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { discardBlob } from '../document-core/stored-files';
import { findOrganizationById } from '../organizations/organizations.repository';
import { registerBookXlsx } from '../registers/export-tabular';
import { printRegisterBook } from '../registers/print-register';
import type { RegisterBook } from '../registers/register-book-view';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { listTrustAnchors } from '../signing-keys/signing-keys.repository';
import { ymd } from './dossier-access';
import { retentionText } from './dossier-view';
import { attachmentsOf, linksOf, type DossierRow } from './dossiers.repository';
import { closedDossiersOfYear, dossiersOfTransfer, findArchiveTransfer, insertArchiveTransfer } from './file-plan.repository';
import { printHandoverRecord, type HandoverDossier } from './handover-record';
import { findUserById } from '../users/users.repository';

const dmy = (d: string | Date | null) => (ymd(d) ?? '').split('-').reverse().join('/');
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 80);

/** Mục lục văn bản: the documents of a closed dossier, in order, with their page counts. */
export async function dossierContentsBook(db: Knex, d: DossierRow, organization: string): Promise<RegisterBook> {
  const links = await linksOf(db, d.id);
  return {
    title: `MỤC LỤC VĂN BẢN — HỒ SƠ ${d.code ?? ''}`.trim(),
    organization,
    period: `${d.title} (thời hạn bảo quản: ${retentionText(d)})`,
    columns: ['STT', 'Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tác giả văn bản', 'Trích yếu nội dung', 'Tờ số', 'Ghi chú'],
    widths: [4, 12, 8, 14, 34, 5, 10],
    rows: links.map((l, i) => [String(i + 1), l.symbol ?? '', dmy(l.issued_date), l.direction === 'incoming' ? 'Văn bản đến' : 'Văn bản đi', l.subject, l.pages ? String(l.pages) : '', l.status === 'issued' || l.direction === 'incoming' ? '' : 'Dự thảo']),
  };
}

/**
 * Nộp lưu: the year's completed dossiers go to the agency archive as one package — the hand-over
 * list, each dossier's list of documents, the signed PDFs and each PDF's verification report. The
 * dossiers are marked handed over (no more reopening); nothing is deleted: retention runs from here.
 */
export async function handOverToArchive(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'now' | 'publisher' | 'signing'>, actor: Actor, year: number) {
  requireRole(actor, 'clerk');
  const orgId = actor.organizationId!;
  const org = (await findOrganizationById(deps.db, orgId))!;
  const dossiers = await closedDossiersOfYear(deps.db, orgId, year);
  if (dossiers.length === 0) throw new AppError('INVALID_STATE', `Không có hồ sơ đã kết thúc năm ${year} chờ nộp lưu`);
  const anchors = (await listTrustAnchors(deps.db)).map((t) => t.pem);
  const transferId = randomUUID();
  const handedAt = deps.now();
  const clerk = (await findUserById(deps.db, actor.userId))!;
  const zip = new JSZip();
  const manifest: unknown[] = [];
  for (const d of dossiers) {
    const folder = zip.folder(safeName(d.code ?? d.id))!;
    const contents = await dossierContentsBook(deps.db, d, org.name);
    // The list of documents both as a spreadsheet and printed, as the archive keeps it on paper too.
    folder.file('muc-luc-van-ban.xlsx', await registerBookXlsx(contents));
    folder.file('muc-luc-van-ban.pdf', await printRegisterBook(contents));
    const files: unknown[] = [];
    let n = 0;
    for (const l of await linksOf(deps.db, d.id)) {
      if (!l.file_key) continue;
      n += 1;
      const base = `${String(n).padStart(2, '0')}-${safeName(l.symbol ?? l.subject)}`;
      folder.file(`${base}.pdf`, await deps.blobs.get(l.file_key));
      const report = await deps.signing.verify(l.file_key, anchors);
      folder.file(`${base}.kiem-tra-chu-ky.json`, JSON.stringify(report.report, null, 2));
      files.push({ file: `${base}.pdf`, documentId: l.document_id, symbol: l.symbol, valid: report.valid, summary: report.summary });
    }
    for (const a of await attachmentsOf(deps.db, d.id)) {
      n += 1;
      const base = `${String(n).padStart(2, '0')}-${safeName(a.file_name.replace(/\.pdf$/i, ''))}`;
      folder.file(`${base}.pdf`, await deps.blobs.get(a.file_key));
      const report = await deps.signing.verify(a.file_key, anchors);
      folder.file(`${base}.kiem-tra-chu-ky.json`, JSON.stringify(report.report, null, 2));
      files.push({ file: `${base}.pdf`, attachmentId: a.id, sha256: a.sha256, valid: report.valid, summary: report.summary });
    }
    manifest.push({ id: d.id, code: d.code, title: d.title, openedOn: ymd(d.opened_on), closedOn: ymd(d.closed_on), retention: retentionText(d), retentionYears: d.retention_years, permanent: d.permanent, owner: d.owner_name, files });
  }
  const list: RegisterBook = {
    title: `MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU NĂM ${year}`,
    organization: org.name,
    period: `Nộp lưu vào Lưu trữ cơ quan; ${dossiers.length} hồ sơ`,
    columns: ['STT', 'Mã hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian bắt đầu và kết thúc', 'Thời hạn bảo quản', 'Người lập hồ sơ', 'Ghi chú'],
    widths: [4, 10, 34, 14, 10, 14, 8],
    rows: dossiers.map((d, i) => [String(i + 1), d.code ?? '', d.title, `${dmy(d.opened_on)} - ${dmy(d.closed_on)}`, retentionText(d), d.owner_name, '']),
  };
  zip.file('muc-luc-ho-so-nop-luu.xlsx', await registerBookXlsx(list));
  zip.file('bien-ban-giao-nop.pdf', await printHandoverRecord({ transferId, organization: org.name, year, handedAt, handedBy: clerk.full_name, handedByPosition: clerk.position, dossiers: dossiers.map(handoverRow) }));
  zip.file('manifest.json', JSON.stringify({ organization: org.name, organizationCode: org.code, year, handedAt: handedAt.toISOString(), dossiers: manifest }, null, 2));
  const stored = await deps.blobs.put(zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' }) as unknown as import('node:stream').Readable, { contentType: 'application/zip' });
  try {
    await inTransaction(deps, async (uow) => {
      await insertArchiveTransfer(uow.trx, { id: transferId, handed_at: handedAt, organization_id: orgId, year, package_key: stored.key, package_size: stored.size, package_sha256: stored.sha256, dossier_count: dossiers.length, handed_by: actor.userId });
      const marked = await uow.trx('dossiers').whereIn('id', dossiers.map((d) => d.id)).whereNull('archive_transfer_id').where({ status: 'completed' }).update({ archive_transfer_id: transferId });
      if (marked !== dossiers.length) throw new AppError('INVALID_STATE', 'Danh sách hồ sơ đã thay đổi trong lúc lập gói nộp lưu; hãy thử lại');
      for (const d of dossiers) await uow.audit({ actorId: actor.userId, organizationId: orgId, action: 'dossier.archive', objectType: 'dossier', objectId: d.id, summary: `Nộp lưu vào Lưu trữ cơ quan (năm ${year}); thời hạn bảo quản: ${retentionText(d)}`, data: { transferId } });
      await uow.audit({ actorId: actor.userId, organizationId: orgId, action: 'archive.transfer', objectType: 'archive_transfer', objectId: transferId, summary: `Nộp lưu ${dossiers.length} hồ sơ năm ${year}`, data: { sha256: stored.sha256, size: stored.size } });
    });
  } catch (err) {
    await discardBlob(deps.db, deps.blobs, stored.key).catch(() => undefined);
    throw err;
  }
  return { id: transferId, year, dossierCount: dossiers.length, size: stored.size, sha256: stored.sha256 };
}

type ArchiveDossierRow = DossierRow & { document_count: number | string };

const handoverRow = (d: ArchiveDossierRow): HandoverDossier => ({ code: d.code, title: d.title, openedOn: ymd(d.opened_on), closedOn: ymd(d.closed_on), retention: retentionText(d), documentCount: Number(d.document_count) });

/** The hand-over record of a past transfer, printed again from the dossiers it took (the same record as in its package). */
export async function handoverRecordOf(db: Knex, actor: Actor, transferId: string): Promise<{ year: number; pdf: Buffer }> {
  const t = /^[0-9a-f-]{36}$/i.test(transferId) ? await findArchiveTransfer(db, transferId) : undefined;
  if (!t || t.organization_id !== actor.organizationId) throw new AppError('NOT_FOUND', 'Không tìm thấy lần nộp lưu');
  const org = (await findOrganizationById(db, t.organization_id))!;
  const dossiers: ArchiveDossierRow[] = await dossiersOfTransfer(db, t.id);
  const pdf = await printHandoverRecord({ transferId: t.id, organization: org.name, year: t.year, handedAt: new Date(t.handed_at), handedBy: t.handed_by_name, handedByPosition: t.handed_by_position, dossiers: dossiers.map(handoverRow) });
  return { year: t.year, pdf };
}
