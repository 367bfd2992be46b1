import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { startS3Peer, type S3Peer } from '../../storage/s3rver-peer';

describe('the server on S3 storage (S3_* settings, a real S3-protocol peer)', () => {
  let peer: S3Peer;
  let w: DemoWorld;
  beforeAll(async () => {
    peer = await startS3Peer();
    w = await startDemoWorld({ S3_ENDPOINT: peer.endpoint, S3_ACCESS_KEY: peer.accessKey, S3_SECRET_KEY: peer.secretKey, S3_BUCKET: peer.bucket });
  });
  afterAll(async () => {
    await w.t.stop();
    await peer.stop();
  });

  it('stores registered scans in the bucket and serves them back byte for byte, ranges included', async () => {
    const clerk = await w.as('vanthu.tinh');
    const pdf = await makeDraftPdf({ pages: 3 });
    const doc = (await clerk.post('/incoming', pdfForm(pdf, { issuer: 'Bộ Nội vụ', symbol: '5/BNV-VP', docType: 'CV', issuedDate: '2026-11-02', subject: 'Lưu trên S3', pages: 3 }))).body;
    expect(doc.arrivalNumber).toBe(1);
    const auth = { authorization: `Bearer ${clerk.token}` };
    const whole = Buffer.from(await (await fetch(`${w.t.url}/api/v1/documents/${doc.id}/file`, { headers: auth })).arrayBuffer());
    expect(whole.equals(pdf)).toBe(true);
    const tail = await fetch(`${w.t.url}/api/v1/documents/${doc.id}/file`, { headers: { ...auth, range: 'bytes=-6' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(pdf.subarray(pdf.length - 6))).toBe(true);
    const listed = await fetch(`${peer.endpoint}/${peer.bucket}?list-type=2`);
    expect(await listed.text()).toContain(`blobs/${(await w.t.database.db('documents').where({ id: doc.id }).first()).file_key}`);
  });
});
