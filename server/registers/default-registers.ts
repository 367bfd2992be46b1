import type { Knex } from 'knex';
import { insertRegisterIfMissing, listRegisters, takeNextNumber, takeNumberInRegister, type RegisterKind, type RegisterRow } from './registers.repository';

/** Types whose documents are legal normative (văn bản quy phạm pháp luật) at local level. */
export const LEGAL_NORMATIVE_TYPES = ['NQ', 'QĐ'];

const defaults: Omit<RegisterRow, 'id' | 'organization_id'>[] = [
  { kind: 'incoming', code: 'den', name: 'Sổ đăng ký văn bản đến', secret: false, doc_types: null, year_in_symbol: false },
  { kind: 'incoming', code: 'den-mat', name: 'Sổ đăng ký văn bản đến mật', secret: true, doc_types: null, year_in_symbol: false },
  { kind: 'outgoing', code: 'di', name: 'Sổ đăng ký văn bản đi', secret: false, doc_types: null, year_in_symbol: false },
  { kind: 'outgoing', code: 'di-mat', name: 'Sổ đăng ký văn bản đi mật', secret: true, doc_types: null, year_in_symbol: false },
];

/** Every organisation keeps the registers Decree 30 requires; created on first use. */
export async function ensureDefaultRegisters(db: Knex, organizationId: string): Promise<RegisterRow[]> {
  let registers = await listRegisters(db, organizationId);
  if (defaults.every((d) => registers.some((r) => r.code === d.code))) return registers;
  for (const d of defaults) await insertRegisterIfMissing(db, { ...d, organization_id: organizationId });
  registers = await listRegisters(db, organizationId);
  return registers;
}

/**
 * Picks the register a document is numbered in: secret documents have their own series; an extra
 * register that names the document type (e.g. legal normative documents) takes precedence.
 */
export async function registerFor(db: Knex, organizationId: string, kind: RegisterKind, docType: string, secret: boolean): Promise<RegisterRow> {
  const registers = (await ensureDefaultRegisters(db, organizationId)).filter((r) => r.kind === kind && r.secret === secret);
  return registers.find((r) => r.doc_types?.includes(docType)) ?? registers.find((r) => r.doc_types === null)!;
}

/**
 * The register a document is numbered in and its next number for the year, in one round trip
 * when the organisation's registers exist (the usual case); the first use creates the defaults.
 */
export async function numberInRegister(trx: Knex.Transaction, organizationId: string, kind: RegisterKind, docType: string, secret: boolean, year: number): Promise<{ register: RegisterRow; number: number }> {
  const taken = await takeNumberInRegister(trx, { organizationId, kind, docType, secret, year });
  if (taken) return taken;
  const register = await registerFor(trx, organizationId, kind, docType, secret);
  return { register, number: await takeNextNumber(trx, register.id, year) };
}
