import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { leasedBlobStore } from '../../../server/blobs/leased-blob-store';
import { runWithContext } from '../../../server/http/request-context';
import { enqueueJob } from '../../../server/jobs/jobs.repository';
import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3_600_000);

describe('blob leases and the garbage collector', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  const blobRoot = () => path.join(w.t.dataDir, 'blobs');
  const blobPath = (key: string) => path.join(blobRoot(), key.slice(0, 2), key.slice(2, 4), key);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  /** What a process killed after storing a blob (or mid-upload) leaves behind. */
  const leaveBlob = (content: string, at = TWO_HOURS_AGO) => {
    const bytes = Buffer.from(content);
    const key = sha(bytes);
    fs.mkdirSync(path.dirname(blobPath(key)), { recursive: true });
    fs.writeFileSync(blobPath(key), bytes);
    fs.utimesSync(blobPath(key), at, at);
    return key;
  };
  const leaveFile = (file: string, at: Date) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'partial');
    fs.utimesSync(file, at, at);
  };
  const runCollector = async () => {
    await enqueueJob(w.t.database.db, { kind: 'blob-gc', uniqueKey: `blob-gc:test-${Date.now()}` });
    expect(await w.t.vanban.jobs.runMatching('blob-gc:test')).toBe(1);
  };

  it('removes crash leftovers (orphan blobs, stale temp files) through the job worker, and nothing in use', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const pdf = await makeDraftPdf({ title: 'GIỮ LẠI' });
    const doc = await clerk.post('/incoming', pdfForm(pdf, { issuer: 'UBND tỉnh', symbol: '1/CV', docType: 'CV', issuedDate: '2026-11-20', subject: 'Văn bản giữ lại' }));
    expect(doc.status).toBe(201);
    const kept = sha(pdf);
    fs.utimesSync(blobPath(kept), TWO_HOURS_AGO, TWO_HOURS_AGO);
    const orphan = leaveBlob('mồ côi sau khi máy chủ bị tắt đột ngột');
    const fresh = leaveBlob('vừa ghi xong, yêu cầu còn đang chạy', new Date());
    const leased = leaveBlob('đang được một yêu cầu giữ');
    await w.t.database.db('blob_leases').insert({ blob_key: leased, holder: 'req-x', expires_at: new Date(Date.now() + 600_000) });
    const stalePart = path.join(blobRoot(), '.tmp', 'dead-upload.part');
    const livePart = path.join(blobRoot(), '.tmp', 'live-upload.part');
    const staleWork = path.join(w.t.dataDir, 'tmp', 'sign-work.pdf');
    leaveFile(stalePart, TWO_HOURS_AGO);
    leaveFile(livePart, new Date());
    leaveFile(staleWork, TWO_HOURS_AGO);

    await runCollector();

    expect(fs.existsSync(blobPath(orphan))).toBe(false);
    expect(fs.existsSync(stalePart)).toBe(false);
    expect(fs.existsSync(staleWork)).toBe(false);
    for (const key of [kept, fresh, leased]) expect(fs.existsSync(blobPath(key))).toBe(true);
    expect(fs.existsSync(livePart)).toBe(true);
    const file = await fetch(`${w.t.url}/api/v1/documents/${doc.body.id}/file`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('lets a failed request release only what no other request holds', async () => {
    const store = w.t.vanban.blobs as ReturnType<typeof leasedBlobStore>;
    const bytes = Buffer.from('cùng nội dung, hai yêu cầu');
    const key = sha(bytes);
    await runWithContext({ requestId: 'req-a' }, () => store.put(Readable.from([bytes])));
    await runWithContext({ requestId: 'req-b' }, () => store.put(Readable.from([bytes])));
    await runWithContext({ requestId: 'req-a' }, () => store.release(key));
    expect(await store.has(key)).toBe(true); // b still holds it
    await runWithContext({ requestId: 'req-b' }, () => store.release(key));
    expect(await store.has(key)).toBe(false);
  });

  it('files blobs readable by the service account only', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const pdf = await makeDraftPdf({ title: 'QUYỀN TỆP' });
    expect((await clerk.post('/incoming', pdfForm(pdf, { issuer: 'UBND tỉnh', symbol: '2/CV', docType: 'CV', issuedDate: '2026-11-20', subject: 'Quyền đọc tệp' }))).status).toBe(201);
    expect(fs.statSync(blobPath(sha(pdf))).mode & 0o077).toBe(0);
    expect(fs.statSync(path.dirname(blobPath(sha(pdf)))).mode & 0o077).toBe(0);
  });
});
