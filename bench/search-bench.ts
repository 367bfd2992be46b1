import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pino from 'pino';
import { loadConfig } from '../server/config/env';
import { startVanban } from '../server/composition';
import { encodeCursor } from '../server/search/list-cursor';

/**
 * `npm run bench -- search`: a province after ten years — BENCH_SEARCH_DOCUMENTS (default
 * 1,000,000) documents over 700 organisations, loaded with bulk SQL (generate_series), 8 % of them
 * in the measured organisation (the province People's Committee, ~80,000 documents). Each query is
 * timed over the HTTP API (p50/p95), and the same question asked naively (ILIKE '%…%', OFFSET,
 * a total count) straight in SQL — without the HTTP and JSON cost, so the floor is flattered.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TOTAL = Number(process.env.BENCH_SEARCH_DOCUMENTS ?? 1_000_000);
const ORGS = 700;
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 30);
const CHUNK = 100_000;
/** The measured organisation's share: 8 % of a million is a province office's ten years (~8,000 a year). */
const BENCH_ORG_PERCENT = 8;
const DB_NAME = 'vanban_bench_search';

async function freshDatabase(): Promise<string> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${DB_NAME}`);
  await admin.destroy();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;
const PREFIXES = ['Về việc', 'Kế hoạch', 'Báo cáo kết quả', 'Quyết định về việc', 'Thông báo về việc', 'Tờ trình về việc', 'Hướng dẫn', 'Giấy mời họp về'];
const TOPICS = [
  'tăng cường công tác phòng, chống dịch bệnh', 'triển khai chuyển đổi số trong cơ quan nhà nước', 'quyết toán ngân sách', 'tổ chức Đại hội Đảng bộ',
  'phòng, chống thiên tai và tìm kiếm cứu nạn', 'cải cách hành chính', 'xây dựng nông thôn mới', 'giải phóng mặt bằng dự án đường tỉnh',
  'tuyển dụng công chức', 'kiểm tra công tác văn thư, lưu trữ', 'rà soát hộ nghèo, hộ cận nghèo', 'bảo đảm trật tự an toàn giao thông',
  'quản lý đất đai và tài nguyên khoáng sản', 'tiếp công dân định kỳ', 'thu ngân sách nhà nước', 'phát triển kinh tế tập thể',
];
const PLACES = ['trên địa bàn tỉnh Bắc Ninh', 'tại huyện Tiên Du', 'tại huyện Gia Bình', 'của các xã, phường', 'trong toàn tỉnh', 'tại thành phố Bắc Ninh'];
const ISSUERS = ['Ủy ban nhân dân tỉnh Bắc Ninh', 'Sở Tài chính', 'Sở Nội vụ', 'Sở Kế hoạch và Đầu tư', 'Bộ Nội vụ', 'Ủy ban nhân dân huyện Tiên Du', 'Công an tỉnh'];
const TYPES = ['CV', 'CV', 'CV', 'QĐ', 'TB', 'KH', 'BC', 'TTr', 'GM'];
const BODY = [
  'Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về việc đẩy mạnh cải cách hành chính, các cơ quan, đơn vị khẩn trương triển khai các nội dung sau đây.',
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 về công tác văn thư.',
  'Đề nghị các phòng, ban chuyên môn phối hợp chặt chẽ, báo cáo kết quả thực hiện về Văn phòng trước ngày 25 hằng tháng để tổng hợp.',
  'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh về Sở Nội vụ để hướng dẫn, giải quyết theo thẩm quyền.',
];
const RARE = 'Về việc lắp đặt hệ thống quan trắc khí tượng thủy văn tự động tại hồ chứa nước Đại Lải';

/** Rows [from, to] of the generated documents; `bench` is the measured organisation. */
function insertChunk(db: Knex, from: number, to: number, bench: string) {
  return db.raw(
    `WITH orgs AS (SELECT array_agg(id ORDER BY code) AS ids FROM organizations WHERE code LIKE 'BENCH.%'),
     g AS (
       SELECT i,
         (now() - ((i::bigint * 2654435761) % 315360000) * interval '1 second') AS at,
         CASE WHEN i % 3 = 0 THEN 'outgoing' ELSE 'incoming' END AS dir,
         (${sqlArray(TYPES)})[1 + i % ${TYPES.length}] AS doc_type,
         CASE WHEN i % 200000 = 12345 THEN '${RARE}'
              ELSE (${sqlArray(PREFIXES)})[1 + i % ${PREFIXES.length}] || ' ' || (${sqlArray(TOPICS)})[1 + (i / 7) % ${TOPICS.length}] || ' '
                   || (${sqlArray(PLACES)})[1 + (i / 13) % ${PLACES.length}] || ' năm ' || (2016 + i % 10) END AS subject,
         (${sqlArray(ISSUERS)})[1 + (i / 3) % ${ISSUERS.length}] AS issuer,
         CASE WHEN i % 100 < ${BENCH_ORG_PERCENT} OR i % 200000 = 12345 THEN ?::uuid ELSE (SELECT ids[1 + (i::bigint * 7919) % ${ORGS}] FROM orgs) END AS org,
         CASE WHEN i % 100 = 50 THEN md5(i::text) || md5((i + 1)::text) END AS file_key
       FROM generate_series(?::int, ?::int) AS s(i)
     )
     INSERT INTO documents (id, organization_id, direction, status, source, doc_type, subject, urgency, secrecy, issuer_name, symbol, number,
                            issued_date, register_year, arrival_number, arrival_at, issued_at, created_at, updated_at, file_key, search_tsv)
     SELECT gen_random_uuid(), g.org, g.dir,
       CASE WHEN g.at > now() - interval '20 days'
            THEN CASE WHEN g.dir = 'incoming' THEN (ARRAY['registered','submitted','directed','in_progress'])[1 + g.i % 4] ELSE (ARRAY['draft','submitted','signed'])[1 + g.i % 3] END
            ELSE CASE WHEN g.dir = 'incoming' THEN 'completed' ELSE 'issued' END END,
       CASE WHEN g.dir = 'incoming' THEN 'paper' ELSE 'draft' END, g.doc_type, g.subject,
       (ARRAY['normal','normal','normal','normal','normal','normal','khan','thuong_khan','hoa_toc','normal'])[1 + g.i % 10],
       CASE WHEN g.i % 97 = 0 THEN 'mat' ELSE 'normal' END,
       g.issuer, (1 + g.i % 999) || '/' || g.doc_type || '-UBND', CASE WHEN g.dir = 'outgoing' THEN 1 + g.i % 999 END,
       g.at::date, extract(year FROM g.at)::int, CASE WHEN g.dir = 'incoming' THEN g.i END,
       CASE WHEN g.dir = 'incoming' THEN g.at END, CASE WHEN g.dir = 'outgoing' AND g.at <= now() - interval '20 days' THEN g.at END, g.at, g.at, g.file_key,
       setweight(to_tsvector('vanban_vi', translate((1 + g.i % 999) || '/' || g.doc_type || '-UBND', '/-._', '    ') || ' ' || g.subject), 'A')
         || setweight(to_tsvector('vanban_vi', g.issuer), 'B')
         || CASE WHEN g.file_key IS NOT NULL THEN setweight(to_tsvector('vanban_vi', (${sqlArray(BODY)})[1 + g.i % ${BODY.length}] || ' ' || g.subject), 'D') ELSE ''::tsvector END
     FROM g`,
    [bench, from, to],
  );
}

async function load(url: string, benchOrg: string): Promise<number> {
  // One connection: session_replication_role (no FK checks, no per-row trigger: the load computes search_tsv itself) is per session.
  const db = knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 1 } });
  const started = Date.now();
  await db.raw(`INSERT INTO organizations (id, code, name, abbreviation, level, parent_id)
    SELECT gen_random_uuid(), 'BENCH.' || lpad(i::text, 4, '0'), 'Ủy ban nhân dân xã số ' || i, 'UBND', 'commune', NULL FROM generate_series(1, ${ORGS}) i`);
  const indexes: { indexname: string; indexdef: string }[] = (await db.raw(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'documents' AND indexname <> 'documents_pkey'`)).rows;
  for (const i of indexes) await db.raw(`DROP INDEX ${i.indexname}`);
  await db.raw('SET session_replication_role = replica');
  for (let from = 1; from <= TOTAL; from += CHUNK) {
    await insertChunk(db, from, Math.min(TOTAL, from + CHUNK - 1), benchOrg);
    process.stdout.write(`\r  loaded ${Math.min(TOTAL, from + CHUNK - 1).toLocaleString('en')} / ${TOTAL.toLocaleString('en')} documents (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.raw(`INSERT INTO document_texts (file_key, state, content, tsv, pages)
    SELECT d.file_key, 'text', d.subject || ' ' || '${BODY.join(' ').replace(/'/g, "''")}', ''::tsvector, 1 FROM documents d WHERE d.file_key IS NOT NULL ON CONFLICT DO NOTHING`);
  await db.raw('SET session_replication_role = DEFAULT');
  process.stdout.write('\n  building indexes…');
  for (const i of indexes) await db.raw(i.indexdef);
  await db.raw('VACUUM ANALYZE documents');
  await db.raw('ANALYZE');
  const seconds = (Date.now() - started) / 1000;
  console.log(` done: ${TOTAL.toLocaleString('en')} documents in ${seconds.toFixed(0)} s`);
  await db.destroy();
  return seconds;
}

async function timeIt(fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { p50: at(0.5), p95: at(0.95) };
}

export async function runSearchBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-search-'));
  const url = await freshDatabase();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', VANBAN_DATA_DIR: dataDir, DATABASE_URL: url, VANBAN_DEMO: '1', VANBAN_DEMO_PKI: '0', VANBAN_KDF_LOG_N: '10', LOG_LEVEL: 'silent', VANBAN_JOB_POLL_MS: '600000' });
  const vanban = await startVanban(config, { logger: pino({ level: 'silent' }) });
  const naive = knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 2 } });
  try {
    const org = (await vanban.db('organizations').where({ code: '000.00.00.H06' }).first()).id as string;
    console.log(`\n== Search and lists (PostgreSQL, ${TOTAL.toLocaleString('en')} documents, ${ORGS} organisations, 10 years)`);
    await load(url, org);
    const login = await fetch(`${vanban.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'vanthu.tinh', password: config.VANBAN_DEMO_PASSWORD }) });
    const token = ((await login.json()) as { token: string }).token;
    const get = async (p: string) => {
      const res = await fetch(`${vanban.url}/api/v1${p}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.arrayBuffer();
    };
    const [{ n: orgDocs }] = await naive('documents').where({ organization_id: org }).count({ n: '*' });
    const [{ n: incoming }] = await naive('documents').where({ organization_id: org, direction: 'incoming' }).count({ n: '*' });
    // The cursor of page 500 (50 a page) as the API would have handed it over (a smaller load: the last page).
    const pageNo = Math.max(2, Math.min(500, Math.floor(Number(incoming) / 50)));
    const row = (await naive.raw(`SELECT id, list_at::text AS v FROM documents WHERE organization_id = ? AND direction = 'incoming' ORDER BY list_at DESC, id DESC OFFSET ? LIMIT 1`, [org, (pageNo - 1) * 50 - 1])).rows[0];
    const cursor = encodeCursor({ sort: 'date', desc: true, value: row.v, id: row.id });
    // An export range of about 10,000 rows.
    const [{ d: exportFrom }] = (await naive.raw(`SELECT to_char(list_at AT TIME ZONE 'UTC' + interval '7 hours', 'YYYY-MM-DD') AS d FROM documents WHERE organization_id = ? AND direction = 'incoming' ORDER BY list_at DESC OFFSET ? LIMIT 1`, [org, Math.min(10000, Number(incoming) - 1)])).rows;
    const [{ n: exportRows }] = await naive('documents').where({ organization_id: org, direction: 'incoming' }).where('list_at', '>=', new Date(`${exportFrom}T00:00:00+07:00`)).count({ n: '*' });
    console.log(`  measured organisation: ${Number(orgDocs).toLocaleString('en')} documents (${Number(incoming).toLocaleString('en')} incoming); export of ${Number(exportRows).toLocaleString('en')} rows; ${RUNS} runs each`);

    const cols = 'id, symbol, subject, list_at, doc_type, status, urgency, issuer_name';
    const base = `FROM documents WHERE organization_id = '${org}' AND direction = 'incoming'`;
    const naiveSearch = (term: string) => `SELECT ${cols}, count(*) OVER () AS total FROM documents d LEFT JOIN document_texts t ON t.file_key = d.file_key
      WHERE d.organization_id = '${org}' AND (d.subject ILIKE '%${term}%' OR d.symbol ILIKE '%${term}%' OR d.issuer_name ILIKE '%${term}%' OR t.content ILIKE '%${term}%')
      ORDER BY d.list_at DESC LIMIT 50`.replace(/SELECT id, symbol, subject, list_at,/, 'SELECT d.id, d.symbol, d.subject, d.list_at,').replace(/ doc_type, status, urgency, issuer_name,/, ' d.doc_type, d.status, d.urgency, d.issuer_name,');
    const cases: [string, string | null, string | null, number?][] = [
      ['inbox (clerk)', '/inbox', null],
      ['list, first page', '/documents?book=incoming&limit=50', `SELECT ${cols}, count(*) OVER () AS total ${base} ORDER BY list_at DESC LIMIT 50`],
      [`list, ${pageNo}th page`, `/documents?book=incoming&limit=50&cursor=${cursor}`, `SELECT ${cols} ${base} ORDER BY list_at DESC OFFSET ${(pageNo - 1) * 50} LIMIT 50`],
      ['filtered list', '/documents?book=incoming&docType=Q%C4%90&urgency=khan&from=2019-01-01&to=2022-12-31&limit=50',
        `SELECT ${cols}, count(*) OVER () AS total ${base} AND doc_type = 'QĐ' AND urgency = 'khan' AND list_at >= '2019-01-01' AND list_at < '2023-01-01' ORDER BY list_at DESC LIMIT 50`],
      ['search, common word', '/documents?q=ke%20hoach&limit=50', naiveSearch('kế hoạch')],
      ['search, rare phrase', `/documents?q=${encodeURIComponent('"quan trac khi tuong thuy van"')}&limit=50`, naiveSearch('quan trắc khí tượng thủy văn')],
      ['export 10k rows (csv)', `/documents/export?book=incoming&from=${exportFrom}&format=csv`, `SELECT ${cols} ${base} AND list_at >= '${exportFrom}' ORDER BY list_at DESC`, 5],
      ['export 10k rows (xlsx)', `/documents/export?book=incoming&from=${exportFrom}&format=xlsx`, null, 5],
    ];
    const f = (ms: number) => ms.toFixed(1).padStart(8);
    console.log(`  load average before the queries (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
    console.log(`  ${'query'.padEnd(24)} ${'API p50'.padStart(8)} ${'API p95'.padStart(8)}   ${'naive p50'.padStart(9)} ${'naive p95'.padStart(9)}   naive/API (p95)`);
    for (const [name, apiPath, naiveSql, runs] of cases) {
      const ours = apiPath ? await timeIt(() => get(apiPath), runs) : null;
      const floor = naiveSql ? await timeIt(() => naive.raw(naiveSql), runs) : null;
      const ratio = ours && floor ? `${(floor.p95 / ours.p95).toFixed(1)}×` : '—';
      console.log(`  ${name.padEnd(24)} ${ours ? f(ours.p50) : '       —'} ${ours ? f(ours.p95) : '       —'}   ${floor ? f(floor.p50).padStart(9) : '        —'} ${floor ? f(floor.p95).padStart(9) : '        —'}   ${ratio}`);
    }
    console.log('  (milliseconds; API = HTTP + JSON; naive = SQL only, ILIKE/OFFSET/count(*) — does not fold diacritics nor rank)');
    // The machine is shared: the figures mean little without the load they were taken under.
    console.log(`  load average after the run (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.cpus().length} cores`);
  } finally {
    await naive.destroy();
    await vanban.stop();
    const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
    if (!process.env.BENCH_KEEP_DATABASE) await admin.raw(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
