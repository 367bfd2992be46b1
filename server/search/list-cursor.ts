import { AppError } from '../shared/errors';
import type { ListSort } from './document-list-view';

/** Where a page ended: the sort, its direction, the last row's sort value (as PostgreSQL text) and id. */
export interface ListCursor {
  sort: ListSort;
  desc: boolean;
  value: string;
  id: string;
}

export const encodeCursor = (c: ListCursor): string => Buffer.from(JSON.stringify([c.sort, c.desc ? 1 : 0, c.value, c.id])).toString('base64url');

const invalid = () => new AppError('INVALID_CURSOR', 'Con trỏ trang không hợp lệ; hãy tải lại danh sách từ đầu');

export function decodeCursor(text: string, sort: ListSort, desc: boolean): ListCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [s, d, value, id] = parsed as unknown[];
  if (s !== sort || d !== (desc ? 1 : 0) || typeof value !== 'string' || value.length > 2000) throw invalid();
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid();
  return { sort, desc, value, id };
}
