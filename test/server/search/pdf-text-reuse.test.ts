import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createLocalBlobStore, type BlobStore } from '../../../storage';
import { pdfTextJob } from '../../../server/document-core/pdf-text-queue';
import { pdfTextJobHandler } from '../../../server/search/pdf-text-job';
import type { JobRow } from '../../../server/jobs/jobs.repository';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { signPdf } from '../../../signing/sign';
import { extractPdfText } from '../../../server/search/pdf-text';
import { testPki } from '../../signing/sign/test-pki';
import { sealPng, signaturePng } from '../../signing/fixtures/images';

/**
 * An issued file's text job names its draft (`sameTextAs`): the draft's extracted text is copied
 * instead of extracting again, and only a successful extraction is copied.
 */
describe('PDF text job reusing the draft text', () => {
  let t: TestDatabase;
  let blobs: BlobStore;
  let dir: string;
  const logger = pino({ level: 'silent' });
  const KEY = (c: string) => c.repeat(64);

  beforeAll(async () => {
    t = await createTestDatabase({ migrated: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-text-reuse-'));
    blobs = await createLocalBlobStore({ root: dir });
  });
  afterAll(async () => {
    await t.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (fileKey: string, sameTextAs: string) =>
    pdfTextJobHandler({ db: t.db, blobs, logger, maxUploadBytes: 10 * 1024 * 1024 })({ payload: pdfTextJob(fileKey, sameTextAs).payload } as unknown as JobRow);
  const textOf = (key: string) => t.db('document_texts').where({ file_key: key }).first('state', 'content', 'pages');

  it('holds: the leader\'s and the seal\'s updates leave the extracted text as it was (block lines, placed fields, fills)', async () => {
    const pki = testPki();
    const draft = path.join(dir, 'draft.pdf');
    fs.writeFileSync(draft, await makeDraftPdf({ printedBlanks: { stub: '/UBND-KT', place: 'Hiên Vân' }, signerName: 'Trần Thị B', blockLines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] }));
    const leader = path.join(dir, 'leader.pdf');
    await signPdf({ input: draft, output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Trần Thị B', issueFields: { number: 'vanban_so_ky_hieu', date: 'vanban_ngay_ban_hanh' }, signatureBlock: { above: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Trần Thị B' } });
    const issued = path.join(dir, 'issued.pdf');
    await signPdf({ input: leader, output: issued, signer: pki.seal, kind: 'seal', image: sealPng(), fieldFills: { vanban_so_ky_hieu: '02/UBND-KGVX', vanban_ngay_ban_hanh: 'ngày 01 tháng 12 năm 2026' } });
    const [a, b, c] = await Promise.all([draft, leader, issued].map((f) => extractPdfText(fs.readFileSync(f))));
    expect(a.text).toContain('Trần Thị B');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('copies the draft text without reading the issued file', async () => {
    await t.db('document_texts').insert({ file_key: KEY('a'), state: 'text', content: 'Quyết định về việc thử', pages: 2 });
    // KEY('b') is not in the store: an extraction would throw.
    await run(KEY('b'), KEY('a'));
    expect(await textOf(KEY('b'))).toEqual({ state: 'text', content: 'Quyết định về việc thử', pages: 2 });
  });

  it('extracts the file itself when the draft text failed or is missing', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('Own text of the issued file', { x: 60, y: 700, size: 12, font: await doc.embedFont(StandardFonts.TimesRoman) });
    const stored = await blobs.put(Readable.from([Buffer.from(await doc.save())]), { contentType: 'application/pdf' });
    await t.db('document_texts').insert({ file_key: KEY('c'), state: 'failed', content: '', pages: null });
    await run(stored.key, KEY('c'));
    const own = await textOf(stored.key);
    expect(own.state).toBe('text');
    expect(own.content).toContain('Own text of the issued file');

    await t.db('document_texts').where({ file_key: stored.key }).delete();
    await run(stored.key, KEY('d'));
    expect((await textOf(stored.key)).content).toContain('Own text of the issued file');
  });
});
