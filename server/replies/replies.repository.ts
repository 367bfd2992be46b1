import type { Knex } from 'knex';

export async function insertAnswers(db: Knex, replyId: string, incomingIds: string[]): Promise<void> {
  if (incomingIds.length) await db('document_answers').insert(incomingIds.map((incoming_id) => ({ reply_id: replyId, incoming_id })));
}

export interface AnswerLinkRow {
  id: string;
  symbol: string | null;
  subject: string;
  status: string;
  arrival_number: number | null;
  issuer_name: string | null;
  issued_date: string | Date | null;
}

const linkColumns = ['d.id', 'd.symbol', 'd.subject', 'd.status', 'd.arrival_number', 'd.issuer_name', 'd.issued_date'];

/** The incoming documents a draft answers. */
export const answeredBy = (db: Knex, replyId: string): Promise<AnswerLinkRow[]> =>
  db('document_answers as a').join('documents as d', 'd.id', 'a.incoming_id').where('a.reply_id', replyId).orderBy('d.arrival_number').select(linkColumns);

/** The drafts and issued documents answering an incoming document. */
export const repliesTo = (db: Knex, incomingId: string): Promise<AnswerLinkRow[]> =>
  db('document_answers as a').join('documents as d', 'd.id', 'a.reply_id').where('a.incoming_id', incomingId).orderBy('a.created_at').select(linkColumns);
