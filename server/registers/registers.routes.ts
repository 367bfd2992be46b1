import { registerBookSchema, registerListSchema, registerViewSchema } from '../contract/platform';
import type { Response } from 'express';
import { z } from 'zod';
import type { Knex } from 'knex';
import type { ApiRouter } from '../http/api-router';
import { AppError } from '../shared/errors';
import { findOrganizationById } from '../organizations/organizations.repository';
import type { TransactionDeps } from '../shared/unit-of-work';
import { createRegister, createRegisterSchema } from './create-register';
import { ensureDefaultRegisters } from './default-registers';
import { buildFollowUpBook, buildRegisterBook, type RegisterBook } from './register-book';
import { registerBookCsv, registerBookXlsx } from './export-tabular';
import { printRegisterBook } from './print-register';
import { findRegister, registerNumbering, type RegisterRow } from './registers.repository';
import { registerNumberingSchema } from '../contract/administration';
import { vietnamYear } from '../shared/vietnam-time';
import { hasRole } from '../shared/actor';
import { vietnamPeriod } from '../shared/vietnam-time';
import { calendarDate } from '../contract/calendar-date';

const periodQuery = z.object({
  from: calendarDate('from phải có dạng YYYY-MM-DD'),
  to: calendarDate('to phải có dạng YYYY-MM-DD'),
  format: z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json'),
});

/** A register book is also served as a file: CSV, Excel or printable PDF (`format`). */
const BOOK_FILES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'];

const presentRegister = (r: RegisterRow) => ({ id: r.id, kind: r.kind, code: r.code, name: r.name, secret: r.secret, docTypes: r.doc_types, yearInSymbol: r.year_in_symbol });

async function sendBook(res: Response, book: RegisterBook, format: string, baseName: string) {
  if (format === 'json') return { body: book };
  const file = format === 'csv' ? registerBookCsv(book) : format === 'xlsx' ? await registerBookXlsx(book) : await printRegisterBook(book);
  const types: Record<string, string> = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' };
  res.setHeader('Content-Type', types[format]);
  res.setHeader('Content-Disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${baseName}.${format}"`);
  res.status(200).end(file);
  return undefined;
}

export function registerRegisterRoutes(api: ApiRouter, deps: TransactionDeps & { db: Knex }): void {
  api.add({
    method: 'get', path: '/registers', tag: 'registers', auth: true,
    summary: 'Các sổ văn bản của cơ quan',
    responses: { 200: { description: 'Danh sách sổ', schema: registerListSchema } },
    handler: async ({ session }) => {
      if (!session.actor.organizationId) throw new AppError('FORBIDDEN', 'Sổ văn bản thuộc về một cơ quan');
      return { body: { items: (await ensureDefaultRegisters(deps.db, session.actor.organizationId)).map(presentRegister) } };
    },
  });

  api.add({
    method: 'get', path: '/registers/numbering', tag: 'registers', auth: true, query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
    summary: 'Số hiện tại của từng sổ trong năm (quản trị cơ quan); chỉ xem: số chỉ được cấp khi ban hành hoặc vào sổ',
    responses: { 200: { description: 'Các sổ và số', schema: registerNumberingSchema } },
    handler: async ({ session, query }) => {
      const orgId = session.actor.organizationId;
      if (!orgId || !hasRole(session.actor, 'admin')) throw new AppError('FORBIDDEN', 'Chỉ quản trị cơ quan được xem và quản lý số của các sổ');
      const year = query.year ?? vietnamYear(new Date());
      const registers = await ensureDefaultRegisters(deps.db, orgId);
      const numbering = await registerNumbering(deps.db, orgId, year);
      const items = registers.map((r) => {
        const n = numbering.get(r.id);
        const last = n?.last_number ?? 0;
        return { ...presentRegister(r), lastNumber: last, nextNumber: last + 1, used: n?.used ?? 0 };
      });
      return { body: { year, items } };
    },
  });

  api.add({
    method: 'post', path: '/registers', tag: 'registers', auth: true, body: createRegisterSchema,
    summary: 'Lập thêm sổ (ví dụ sổ văn bản quy phạm pháp luật)',
    responses: { 201: { description: 'Đã lập', schema: registerViewSchema } },
    handler: async ({ session, body }) => ({ status: 201, body: presentRegister(await createRegister(deps, session.actor, body)) }),
  });

  api.add({
    method: 'get', path: '/registers/follow-up', tag: 'registers', auth: true, query: periodQuery,
    summary: 'Sổ theo dõi giải quyết văn bản đến (JSON, CSV, XLSX hoặc PDF in)',
    responses: { 200: { description: 'Sổ', schema: registerBookSchema, files: BOOK_FILES } },
    handler: async ({ session, query, res }) => {
      const orgId = session.actor.organizationId;
      if (!orgId) throw new AppError('FORBIDDEN', 'Sổ văn bản thuộc về một cơ quan');
      const org = (await findOrganizationById(deps.db, orgId))!;
      const p = vietnamPeriod(query.from, query.to);
      return sendBook(res, await buildFollowUpBook(deps.db, orgId, org.name, p.start, p.end, p.label), query.format, `so-theo-doi-${query.from}-${query.to}`);
    },
  });

  api.add({
    method: 'get', path: '/registers/:id/book', tag: 'registers', auth: true, params: z.object({ id: z.uuid() }), query: periodQuery,
    summary: 'Sổ đăng ký văn bản đến/đi trong một khoảng ngày (JSON, CSV, XLSX hoặc PDF in theo mẫu)',
    responses: { 200: { description: 'Sổ', schema: registerBookSchema, files: BOOK_FILES } },
    handler: async ({ session, params, query, res }) => {
      const register = await findRegister(deps.db, params.id);
      if (!register || register.organization_id !== session.actor.organizationId) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ');
      const org = (await findOrganizationById(deps.db, register.organization_id))!;
      const p = vietnamPeriod(query.from, query.to);
      return sendBook(res, await buildRegisterBook(deps.db, register, org.name, p.start, p.end, p.label), query.format, `${register.code}-${query.from}-${query.to}`);
    },
  });
}
