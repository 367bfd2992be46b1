/**
 * A transaction's BEGIN travels with its first statement. knex sends `BEGIN;` as a round trip of its own before the
 * first statement of every transaction; on this machine a round trip costs PostgreSQL and node more than many of the
 * statements (the issue path runs two transactions per document). Here `BEGIN;` is only noted on the connection, and
 * the next statement carries it: in the extended protocol as a Parse/Bind/Execute of BEGIN ahead of the statement's
 * own messages, before one Sync; in the simple protocol as `BEGIN;` in front of the text. PostgreSQL answers both
 * with one result each, and the caller sees the statement's. An error in the statement leaves the transaction
 * aborted, as it would have been, and knex rolls it back. A transaction that ends before any statement sends nothing.
 */

// node-postgres's query class (no type declarations for its internals).
const PgQuery = require('pg/lib/query') as new (config: object, values?: unknown, callback?: unknown) => PgQueryInstance;

interface PgQueryInstance {
  text: string;
  requiresPreparation(): boolean;
  prepare(connection: PgWire): void;
}

/** The parts of node-postgres's connection the deferred BEGIN writes with. */
interface PgWire {
  parse(msg: { text: string; name: string; types: unknown[] }): void;
  bind(msg: { portal: string; statement: string; values: unknown[] }): void;
  execute(msg: { portal: string; rows: number }): void;
}

export interface PgResult {
  command: string;
  rows: unknown[];
}

type Callback = (err: Error | null, result?: PgResult | PgResult[]) => void;

/** The statement, with the connection's pending BEGIN sent ahead of it (the caller checked there is one). */
class QueryAfterBegin extends PgQuery {
  prepare(connection: PgWire): void {
    connection.parse({ text: 'BEGIN', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }
}

export const PENDING_BEGIN = Symbol('vanban.pendingBegin');

export interface DeferrableConnection {
  [PENDING_BEGIN]?: boolean;
  query(config: object, callback?: Callback): unknown;
}

/** What a deferred BEGIN answers knex (which reads nothing of it). */
const BEGIN_RESULT: PgResult = { command: 'BEGIN', rows: [] };

/**
 * Runs `config` (node-postgres's query config) on `connection`, deferring a plain `BEGIN;` and sending a pending one
 * with the statement. Resolves with the statement's own result.
 */
export function queryWithDeferredBegin(connection: DeferrableConnection, config: { text: string; values?: unknown[] }): Promise<PgResult | PgResult[]> {
  if (!connection[PENDING_BEGIN] && /^\s*BEGIN;?\s*$/i.test(config.text)) {
    connection[PENDING_BEGIN] = true;
    return Promise.resolve(BEGIN_RESULT);
  }
  const ending = connection[PENDING_BEGIN] ? /^\s*(COMMIT|ROLLBACK);?\s*$/i.exec(config.text) : null;
  if (ending) {
    // Nothing ran since BEGIN: there is no transaction to end.
    connection[PENDING_BEGIN] = false;
    return Promise.resolve({ command: ending[1].toUpperCase(), rows: [] });
  }
  return new Promise((resolve, reject) => {
    const pending = connection[PENDING_BEGIN] === true;
    connection[PENDING_BEGIN] = false;
    const done: Callback = (err, result) => {
      if (err) return reject(err);
      if (!pending) return resolve(result!);
      // The first result is BEGIN's.
      const results = result as PgResult[];
      resolve(results.length === 2 ? results[1] : results.slice(1));
    };
    if (!pending) {
      connection.query(config, done);
      return;
    }
    const query = new QueryAfterBegin(config, undefined, done);
    if (!query.requiresPreparation()) query.text = `BEGIN;${config.text}`;
    connection.query(query, done);
  });
}

/** Sends a pending BEGIN on its own (before work that cannot carry it, such as a stream). */
export async function flushDeferredBegin(connection: DeferrableConnection): Promise<void> {
  if (!connection[PENDING_BEGIN]) return;
  connection[PENDING_BEGIN] = false;
  await new Promise<void>((resolve, reject) => connection.query({ text: 'BEGIN' }, (err) => (err ? reject(err) : resolve())));
}
