import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import { loadDocumentFor } from '../document-core/document-access';
import { AppError } from '../shared/errors';
import { answeredBy, repliesTo, type AnswerLinkRow } from './replies.repository';

/** Checks the incoming documents a new draft answers: this agency's registered incoming documents. */
export async function validateAnswers(db: Knex, actor: Actor, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  for (const id of unique) {
    const doc = await loadDocumentFor(db, actor, id);
    if (doc.direction !== 'incoming') throw new AppError('VALIDATION_FAILED', 'Chỉ trả lời được văn bản đến');
    if (doc.arrival_number === null) throw new AppError('INVALID_STATE', 'Văn bản đến chưa vào sổ: chưa thể trả lời');
  }
  return unique;
}

const iso = (d: string | Date | null) => (d ? (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10)) : null);
const present = (r: AnswerLinkRow) => ({ id: r.id, symbol: r.symbol, subject: r.subject, status: r.status, arrivalNumber: r.arrival_number, issuer: r.issuer_name, date: iso(r.issued_date) });

/** What the document page shows of the reply loop: an incoming document's replies, a draft's answered documents. */
export async function answerLinksOf(db: Knex, doc: { id: string; direction: string }) {
  if (doc.direction === 'incoming') return { replies: (await repliesTo(db, doc.id)).map(present), answers: [] };
  return { replies: [], answers: (await answeredBy(db, doc.id)).map(present) };
}
