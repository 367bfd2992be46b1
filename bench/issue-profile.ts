import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Knex } from 'knex';
import { PHASE_CHANNEL, type PhaseSample } from '../server/shared/phase-timing';

/** What a SQL statement is spent on, by the table it writes or the lock it takes. */
function classify(sql: string): string {
  const s = sql.toLowerCase();
  if (/^(begin|commit|rollback)/.test(s)) return 'sql: begin (sent with the next statement)/commit';
  if (s.includes('register_counters') || /from "registers"/.test(s)) return 'sql: number (register, counter lock)';
  if (s.includes('audit_')) return 'sql: audit chain';
  if (s.includes('blob_leases')) return 'sql: blob key lock + lease (1 statement)';
  if (/^with change as \(insert into "document_versions"/.test(s)) return 'sql: version + its jobs + document update (1 statement)';
  if (/^with job_done as \(update jobs set done_at = now\(\), locked_until = null, last_error = null where unique_key/.test(s)) return 'sql: issue: document lock + answers + job done (1 statement)';
  if (/^with job_done as/.test(s)) return 'sql: delivery: document lock + job done (1 statement)';
  if (s.includes('pg_advisory_xact_lock') || /into "?notifications/.test(s)) return 'sql: notifications (events) insert';
  if (s.includes('notifications')) return 'sql: unread counts (after commit)';
  if (/^with change as \(update "documents" set "status"/.test(s)) return 'sql: number: document update + finish job (1 statement)';
  if (s.includes('"jobs"') || /\bjobs\b/.test(s)) return 'sql: job queue';
  if (s.includes('jsonb_to_recordset') && /into documents/.test(s)) return 'sql: copies+versions+deliveries+timeline (1 statement)';
  if (/into "?delivery_events/.test(s)) return 'sql: sender timeline (delivery events)';
  if (/into "?deliveries/.test(s)) return 'sql: deliveries insert';
  if (/into "?document_versions/.test(s)) return 'sql: versions insert';
  if (/into "?documents/.test(s)) return 'sql: copies insert';
  if (/^update "documents"/.test(s)) return 'sql: document update';
  if (s.includes('internal_deliveries')) return 'sql: internal deliveries';
  if (s.includes('signing_keys') || s.includes('trust_anchors')) return 'sql: keys, trust anchors';
  if (s.includes('issuer__unit')) return 'sql: issuer, drafting unit, type in use (1 statement)';
  if (s.includes('for update') || s.includes('for share')) return 'sql: document lock';
  return 'sql: other reads';
}

export interface PhaseTotals {
  ms: number;
  calls: number;
}

/**
 * Collects, while on, the server's timed phases (signing, realtime hand-off) and every SQL
 * statement's round trip, by purpose. Runs in the bench's own process, next to the server.
 */
export class IssueProfile {
  private readonly totals = new Map<string, PhaseTotals>();
  private readonly started = new Map<string, number>();
  private on = false;
  statements = 0;
  /** Each statement's text (its start), with how often it ran: which round trips an issue makes. */
  readonly texts = new Map<string, number>();

  constructor(private readonly db: Knex) {
    subscribe(PHASE_CHANNEL, this.onPhase);
    db.on('query', this.onQuery);
    db.on('query-response', this.onResponse);
    db.on('query-error', this.onResponse);
  }

  record(on: boolean): void {
    this.on = on;
  }

  snapshot(): Map<string, PhaseTotals> {
    return new Map([...this.totals].map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.totals.clear();
    this.texts.clear();
    this.statements = 0;
  }

  close(): void {
    unsubscribe(PHASE_CHANNEL, this.onPhase);
    this.db.off('query', this.onQuery);
    this.db.off('query-response', this.onResponse);
    this.db.off('query-error', this.onResponse);
  }

  private add(phase: string, ms: number): void {
    const t = this.totals.get(phase) ?? { ms: 0, calls: 0 };
    t.ms += ms;
    t.calls += 1;
    this.totals.set(phase, t);
  }

  private readonly onPhase = (message: unknown): void => {
    if (!this.on) return;
    const { phase, ms } = message as PhaseSample;
    this.add(phase, ms);
  };

  private readonly onQuery = (q: { __knexQueryUid?: string; sql: string }): void => {
    if (!this.on) return;
    // A transaction's BEGIN travels with its first statement (server/db/deferred-begin.ts): not a round trip.
    if (!/^BEGIN;?$/i.test(q.sql)) {
      this.statements += 1;
      const text = q.sql.replace(/\s+/g, ' ').slice(0, 110);
      this.texts.set(text, (this.texts.get(text) ?? 0) + 1);
    }
    if (q.__knexQueryUid) this.started.set(q.__knexQueryUid, performance.now());
    // BEGIN/COMMIT carry no id and report no response: counted, their time lands in "not attributed".
    else this.add(classify(q.sql), 0);
  };

  private readonly onResponse = (_res: unknown, q: { __knexQueryUid?: string; sql: string }): void => {
    const at = q.__knexQueryUid ? this.started.get(q.__knexQueryUid) : undefined;
    if (at === undefined) return;
    this.started.delete(q.__knexQueryUid!);
    if (this.on) this.add(classify(q.sql), performance.now() - at);
  };
}

/** The profile as a table: per phase, calls and milliseconds per issue, share of the request. */
export function printProfile(title: string, totals: Map<string, PhaseTotals>, issues: number, requestMs: number, statements: number, texts?: Map<string, number>): void {
  console.log(`\n-- ${title}`);
  console.log(`${'phase'.padEnd(46)}${'calls/issue'.padStart(12)}${'ms/issue'.padStart(10)}${'share'.padStart(8)}`);
  const perIssue = requestMs / issues;
  let attributed = 0;
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  for (const [phase, t] of rows) {
    const ms = t.ms / issues;
    attributed += ms;
    console.log(`${phase.padEnd(46)}${(t.calls / issues).toFixed(1).padStart(12)}${ms.toFixed(1).padStart(10)}${`${((100 * ms) / perIssue).toFixed(0)}%`.padStart(8)}`);
  }
  console.log(`${'not attributed (HTTP, auth, JS, key unseal, commit)'.padEnd(46)}${''.padStart(12)}${Math.max(0, perIssue - attributed).toFixed(1).padStart(10)}${`${((100 * Math.max(0, perIssue - attributed)) / perIssue).toFixed(0)}%`.padStart(8)}`);
  console.log(`${'issue request, wall time'.padEnd(46)}${''.padStart(12)}${perIssue.toFixed(1).padStart(10)}${'100%'.padStart(8)}`);
  console.log(`SQL statements (round trips) per issue: ${(statements / issues).toFixed(0)}`);
  if (!texts) return;
  for (const [text, n] of [...texts].sort((a, b) => b[1] - a[1])) console.log(`${(n / issues).toFixed(1).padStart(6)}  ${text}`);
}
