import type { Urgency } from '../document-core/document-types';
import { urgencyPriority } from '../document-core/document-types';
import type { OrganizationRow } from '../organizations/organizations.repository';
import { DOC_TYPES } from '../registers/symbol';
import type { MessageHeader, OrganInfo } from './edxml';

export const organInfo = (org: Pick<OrganizationRow, 'code' | 'name'>): OrganInfo => ({ organId: org.code, organName: org.name });

export function urgencyOf(priority: number): Urgency {
  const found = (Object.entries(urgencyPriority) as [Urgency, number][]).find(([, p]) => p === priority);
  return found ? found[0] : 'hoa_toc'; // 4, "hỏa tốc hẹn giờ", is still hỏa tốc
}

/** `07/QĐ-UBND` → number `07`, notation `QĐ-UBND`. */
export function splitSymbol(symbol: string): { codeNumber: string; codeNotation: string } {
  const slash = symbol.indexOf('/');
  return slash < 0 ? { codeNumber: '', codeNotation: symbol } : { codeNumber: symbol.slice(0, slash), codeNotation: symbol.slice(slash + 1) };
}

/** The Vanban document type of a received header: its detail code, its name, or the notation's prefix. */
export function docTypeOf(m: MessageHeader): string {
  if (m.typeDetail && DOC_TYPES[m.typeDetail]) return m.typeDetail;
  const byName = Object.entries(DOC_TYPES).find(([, name]) => name.toLowerCase() === m.typeName?.toLowerCase());
  if (byName) return byName[0];
  const prefix = m.codeNotation.split('-')[0];
  return DOC_TYPES[prefix] ? prefix : 'CV';
}

export const isoDay = (value: string | Date | null): string => {
  if (!value) return new Date().toISOString().slice(0, 10);
  if (typeof value === 'string') return value.slice(0, 10);
  // DATE columns come back as local midnight: read the calendar day, not the UTC instant.
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
};
