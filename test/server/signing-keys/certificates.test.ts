import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN } from '../../helpers/signing-setup';
import { ADMIN_PASSWORD } from '../../helpers/test-server';
import { demoPki } from '../../signing/ca/fixtures';
import { signaturePng } from '../../signing/fixtures/images';
import { sealSecret } from '../../../server/signing-keys/key-seal';
import { deflateSync } from 'node:zlib';

/** PNG chunk CRC, to forge images that are well framed but corrupt inside. */
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(width: number, height: number, idat: Buffer, depth = 8): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function form(bytes: Buffer, field: string, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append(field, new Blob([new Uint8Array(bytes)]), field);
  return f;
}

describe('certificates, images and trust anchors through the API', () => {
  let w: DemoWorld;
  let admin: ApiClient;
  beforeAll(async () => {
    w = await startDemoWorld();
    admin = await w.anon.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => w.t.stop());

  it('imports keys sealed under the PIN (never in clear) and signs with them', async () => {
    await equipForSigning(w, [{ leader: 'lanhdao.xuanlai', orgCode: ORG.communeXuanLai }]);
    const rows = await w.t.database.db('signing_keys').select('sealed_key', 'certificate_pem');
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.sealed_key).not.toMatch(/PRIVATE KEY/);
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Vương Văn Lực' }), { docType: 'TB', subject: 'Thông báo thử ký', recipients: [ORG.districtGiaBinh] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    const signed = await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN });
    expect(signed.body.status).toBe('signed');
    const report = (await leader.get(`/documents/${draft.id}/signatures`)).body;
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted' });
    const issued = await (await w.as('vanthu.xuanlai')).post(`/documents/${draft.id}/issue`);
    expect(issued.body.symbol).toBe('01/TB-UBND');
    const after = (await leader.get(`/documents/${draft.id}/signatures`)).body;
    expect(after.signatures.map((s: { integrity: string; chain: string }) => [s.integrity, s.chain])).toEqual([['intact', 'trusted'], ['intact', 'trusted']]);
    expect(after.signatures[0].changesAfter).not.toBe('disallowed');
  }, 120_000);

  it('signs a draft that does not print the leader’s name in the usual block of the last page', async () => {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ signerName: 'Người Khác', pages: 2 }), { docType: 'TB', subject: 'Không có tên người ký', recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    const signed = await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN });
    expect(signed.body.status).toBe('signed');
    const res = await fetch(`${w.t.url}/api/v1/documents/${draft.id}/file`, { headers: { authorization: `Bearer ${leader.token}` } });
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(pdf).toMatch(/\/Rect\s*\[\s*330(\.0+)?\s+110(\.0+)?\s+530(\.0+)?\s+190(\.0+)?\s*\]/);
  });

  it('locks the key after five wrong PINs', async () => {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true }), { docType: 'TB', subject: 'Thử PIN', recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    for (let i = 0; i < 5; i += 1) expect((await leader.post(`/documents/${draft.id}/sign`, { pin: `99999${i}` })).body.error.code).toBe('WRONG_PIN');
    const locked = await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN });
    expect([locked.status, locked.body.error.code]).toEqual([403, 'PIN_LOCKED']);
  });

  it('refuses corrupt PNGs at upload (they would only fail later, at signing) and accepts a good one', async () => {
    const leader = await w.as('lanhdao.daidong');
    const good = signaturePng();
    const flipped = Buffer.from(good);
    flipped[flipped.length - 20] ^= 0xff; // inside the last IDAT: its CRC no longer matches
    const corrupt = {
      truncated: good.subarray(0, good.length - 30),
      crcMismatch: flipped,
      garbageInflate: png(100, 40, Buffer.from('not zlib data at all, but framed with a right CRC')),
      tooShort: png(100, 40, deflateSync(Buffer.alloc(10))),
      bomb: png(30000, 30000, deflateSync(Buffer.alloc(1000))),
      sixteenBit: png(10, 10, deflateSync(Buffer.alloc(10 * 81)), 16),
    };
    for (const [name, bytes] of Object.entries(corrupt)) {
      const r = await leader.post(`/users/${leader.userId}/signature-image`, form(bytes, 'image'));
      expect([name, r.status, r.body.error?.code]).toEqual([name, 400, 'INVALID_IMAGE']);
    }
    expect((await leader.post(`/users/${leader.userId}/signature-image`, form(good, 'image'))).status).toBe(201);
  });

  it('seals personal keys with the server pepper, upgrades keys sealed with the PIN alone, and lets the leader change the PIN', async () => {
    await equipForSigning(w, [{ leader: 'lanhdao.daidong', orgCode: ORG.communeDaiDong }]);
    const leader = await w.as('lanhdao.daidong');
    const db = w.t.database.db;
    const row = await db('signing_keys').where({ owner_type: 'user', owner_id: leader.userId }).first();
    expect(JSON.parse(row.sealed_key).v).toBe(2);
    // A key stored by an older release: sealed under the PIN alone.
    const pki = await demoPki();
    const legacy = await sealSecret(Buffer.from(pki.leader.keyPem), LEADER_PIN, 10);
    await db('signing_keys').where({ id: row.id }).update({ sealed_key: legacy });
    const official = await w.as('chuyenvien.daidong');
    const draft = async (subject: string) => {
      const d = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true }), { docType: 'TB', subject, recipients: [] }))).body;
      await official.post(`/documents/${d.id}/submit`, { leaderId: leader.userId });
      return d.id as string;
    };
    const first = await draft('Ký bằng khoá cũ');
    expect((await leader.post(`/documents/${first}/sign`, { pin: LEADER_PIN })).body.status).toBe('signed');
    const upgraded = await db('signing_keys').where({ id: row.id }).first();
    expect(JSON.parse(upgraded.sealed_key).v).toBe(2);

    const weak = await leader.post('/auth/signing-pin', { currentPin: LEADER_PIN, newPin: '111111' });
    expect([weak.status, weak.body.error.code]).toEqual([400, 'WEAK_PIN']);
    const wrong = await leader.post('/auth/signing-pin', { currentPin: '000000', newPin: '918273' });
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'WRONG_PIN']);
    const changed = await leader.post('/auth/signing-pin', { currentPin: LEADER_PIN, newPin: '918273' });
    expect([changed.status, changed.body]).toEqual([200, { changed: true }]);
    const second = await draft('Ký sau khi đổi PIN');
    expect((await leader.post(`/documents/${second}/sign`, { pin: LEADER_PIN })).body.error.code).toBe('WRONG_PIN');
    expect((await leader.post(`/documents/${second}/sign`, { pin: '918273' })).body.status).toBe('signed');
    const audit = await db('audit_events').where({ action: 'certificate.pin_change', actor_id: leader.userId });
    expect(audit).toHaveLength(1);
  });

  it('refuses bad files, wrong passwords, non-CA anchors and other organisations', async () => {
    const pki = await demoPki();
    const leader = await w.as('lanhdao.daidong');
    const wrongPassword = await admin.post(`/users/${leader.userId}/certificate`, form(pki.leader.toP12('right'), 'p12', { password: 'wrong', pin: '1234' }));
    expect([wrongPassword.status, wrongPassword.body.error.code]).toEqual([400, 'INVALID_FILE']);
    const noPin = await admin.post(`/users/${leader.userId}/certificate`, form(pki.leader.toP12('right'), 'p12', { password: 'right' }));
    expect(noPin.status).toBe(400);
    const notPng = await leader.post(`/users/${leader.userId}/signature-image`, form(Buffer.from('GIF89a....'), 'image'));
    expect(notPng.body.error.code).toBe('INVALID_FILE');
    const otherOrgAdmin = await w.as('quantri.tinh');
    expect((await otherOrgAdmin.post(`/users/${leader.userId}/certificate`, form(pki.leader.toP12('right'), 'p12', { password: 'right', pin: '1234' }))).status).toBe(404);
    expect((await leader.post(`/organizations/${ORG.communeDaiDong}/certificate`, form(pki.seal.toP12('x'), 'p12', { password: 'x' }))).status).toBe(403);
    const leafAsAnchor = await admin.post('/trust-anchors', { pem: pki.leader.certPem });
    expect(leafAsAnchor.status).toBe(400);
    expect((await leader.post('/trust-anchors', { pem: pki.ca.rootCertPem })).status).toBe(403);
    const twice = await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem });
    expect(twice.body.items[0].created).toBe(false);
    expect((await admin.get('/trust-anchors')).body.items).toHaveLength(1);
  });
});
