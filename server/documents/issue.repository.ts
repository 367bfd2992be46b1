import type { Knex } from 'knex';
import { jsonColumn } from '../db/json-column';
import { prepared } from '../db/prepared';
import type { DocumentRow } from '../document-core/documents.repository';

/**
 * The issue's second step in one round trip: the document, locked; the incoming documents it answers (their work
 * closes with the issue); and its finish job marked done, which commits with the issue or not at all.
 */
export async function lockForFinishingIssue(trx: Knex.Transaction, documentId: string, finishJobKey: string): Promise<{ doc: DocumentRow; answeredIds: string[] } | undefined> {
  const result = await prepared(trx.raw(
    `WITH job_done AS (UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL WHERE unique_key = ? AND done_at IS NULL)
     SELECT d.*, (SELECT coalesce(json_agg(a.incoming_id ORDER BY a.incoming_id), '[]'::json) FROM document_answers a WHERE a.reply_id = d.id) AS "answered__ids"
       FROM documents d WHERE d.id = ? FOR UPDATE OF d`,
    [finishJobKey, documentId],
  ));
  const row = result.rows[0] as (DocumentRow & { answered__ids: string[] | string }) | undefined;
  if (!row) return undefined;
  const { answered__ids: answered, ...doc } = row;
  return { doc: doc as DocumentRow, answeredIds: jsonColumn(answered) };
}
