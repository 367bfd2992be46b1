import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { readEdxml, statusMessageXml } from '../../../server/exchange/edxml';
import { importOrganizations } from '../../../server/organizations/import-organizations';
import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN } from '../../helpers/signing-setup';
import { ADMIN_PASSWORD } from '../../helpers/test-server';
import { NS, streamOf, tempDir, vendorPackage, vendorZip } from './edxml-fixtures';

const GOV_OFFICE = '000.00.00.G22';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function edxmlForm(xml: string | Buffer, name = 'goi-tin.edxml'): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof xml === 'string' ? xml : new Uint8Array(xml)], { type: 'application/xml' }), name);
  return form;
}

describe('edXML by hand: import into the waiting list, export an issued document', () => {
  let w: DemoWorld;
  let admin: ApiClient;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1', VANBAN_MAX_UPLOAD_MB: '5' });
    admin = await w.anon.login('admin', ADMIN_PASSWORD);
    const created = await admin.post('/organizations', { code: GOV_OFFICE, name: 'Văn phòng Chính phủ', abbreviation: 'VPCP', level: 'central', external: true });
    expect(created.body).toMatchObject({ code: GOV_OFFICE, external: true });
  }, 180_000);
  afterAll(() => w?.t.stop());

  const counts = async () => {
    const db = w.t.database.db;
    const n = async (table: string, where: object = {}) => Number((await db(table).where(where).count({ n: '*' }))[0].n);
    // Background jobs write their own audit rows meanwhile: only what an import writes is counted.
    return { documents: await n('documents'), attachments: await n('exchange_attachments'), received: await n('audit_events', { action: 'exchange.receive' }), outbox: await n('exchange_outbox') };
  };

  it('marks organisations external by API and by importing the code list; the directory shows them', async () => {
    const imported = await importOrganizations(w.t.database.db, null, { organizations: [{ code: 'H37.VP.001', name: 'Văn phòng UBND tỉnh Ninh Bình', abbreviation: 'VP', level: 'province', external: true }] });
    expect(imported.created).toBe(1);
    const found = (await (await w.as('vanthu.tinh')).get('/organizations?q=Ninh%20B%C3%ACnh')).body.items;
    expect(found).toEqual([expect.objectContaining({ code: 'H37.VP.001', external: true })]);
    const tree = (await (await w.as('vanthu.tinh')).get('/organizations')).body.tree;
    expect(tree.find((o: { code: string }) => o.code === GOV_OFFICE)).toMatchObject({ external: true });
    expect(tree.find((o: { code: string }) => o.code === ORG.province)).toMatchObject({ external: false });
  });

  it('imports packages from another vendor (prefixed and default namespace) with attachments byte for byte', async () => {
    const clerk = await w.as('vanthu.tiendu');
    const pdf = await makeDraftPdf({ title: 'Công văn của Văn phòng Chính phủ' });
    const annex = randomBytes(200_000);
    for (const [prefix, number] of [['ns2', '15'], [null, '16']] as const) {
      const xml = vendorPackage({ prefix, to: ORG.districtTienDu, attachments: [{ name: 'cong-van.pdf', bytes: pdf }, { name: 'Phụ lục số liệu.xlsx', bytes: annex }] })
        .replaceAll('000.00.00.G09', GOV_OFFICE)
        .replace('<CodeNumber>15<', `<CodeNumber>${number}<`)
        .replace('<ns2:CodeNumber>15<', `<ns2:CodeNumber>${number}<`);
      const res = await clerk.post('/exchange/import', edxmlForm(xml));
      expect(res.status).toBe(201);
      expect(res.body.documentIds).toHaveLength(1);
      const id = res.body.documentIds[0];
      const detail = (await clerk.get(`/documents/${id}`)).body.document;
      expect(detail).toMatchObject({ status: 'pending', symbol: `${number}/CV-BNV`, issuer: 'Văn phòng Chính phủ', issuerCode: GOV_OFFICE, issuedDate: '2026-11-28', docType: 'CV' });
      expect(detail.verification.valid).toBe(false);
      const items = (await clerk.get(`/documents/${id}/attachments`)).body.items;
      expect(items.map((i: { name: string; size: number }) => [i.name, i.size])).toEqual([['cong-van.pdf', pdf.length], ['Phụ lục số liệu.xlsx', annex.length]]);
      for (const [position, bytes] of [pdf, annex].entries()) {
        const got = Buffer.from(await (await fetch(`${w.t.url}/api/v1/documents/${id}/attachments/${position}`, { headers: { authorization: `Bearer ${clerk.token}` } })).arrayBuffer());
        expect(sha(got)).toBe(sha(bytes));
      }
      // The same package again (DocumentId + sender) gives back the same document, nothing new.
      const before = await counts();
      expect((await clerk.post('/exchange/import', edxmlForm(xml))).body.documentIds).toEqual([id]);
      expect(await counts()).toEqual(before);
      // It waits in the clerk's list like any electronic document and is accepted the same way.
      const accepted = await clerk.post(`/documents/${id}/accept`);
      expect(accepted.body.status).toBe('registered');
    }
    // The sender is external: its statuses (01, then 03) are queued for the axis.
    const queued = await w.t.database.db('exchange_outbox').where({ kind: 'status', recipient_code: GOV_OFFICE }).orderBy('created_at');
    expect(queued.map((q: { status_code: string }) => q.status_code).sort()).toEqual(['01', '01', '03', '03']);
  }, 120_000);

  it('refuses packages not meant for the clerk, from unknown or local senders, status messages, and non-clerks', async () => {
    const clerk = await w.as('vanthu.tiendu');
    const base = vendorPackage({ prefix: 'e', to: ORG.districtTienDu, attachments: [{ name: 'a.pdf', bytes: Buffer.from('%PDF-1.4') }] });
    const cases: [string, number, string, ApiClient][] = [
      [base.replaceAll('000.00.00.G09', GOV_OFFICE).replace(ORG.districtTienDu, ORG.districtGiaBinh), 422, 'EXCHANGE_NOT_ADDRESSED', clerk],
      [base.replaceAll('000.00.00.G09', '000.00.00.G99'), 422, 'EXCHANGE_UNKNOWN_SENDER', clerk],
      [base, 422, 'EXCHANGE_SENDER_NOT_EXTERNAL', clerk],
      [base.replaceAll('000.00.00.G09', GOV_OFFICE), 403, 'FORBIDDEN', await w.as('chuyenvien.tiendu')],
      [statusMessageXml({ responseFor: { organId: ORG.province, code: '1/QĐ', documentId: 'x' }, from: { organId: GOV_OFFICE, organName: 'VPCP' }, statusCode: '03', description: '', timestamp: '2026-12-01T00:00:00Z' }), 422, 'EXCHANGE_NOT_A_PACKAGE', clerk],
    ];
    for (const [xml, status, code, client] of cases) {
      const before = await counts();
      const res = await client.post('/exchange/import', edxmlForm(xml));
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect(res.body.error.message).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
      expect(await counts()).toEqual(before);
    }
  });

  it('refuses hostile packages with coded errors and keeps nothing', async () => {
    const clerk = await w.as('vanthu.tiendu');
    const from = (xml: string) => xml.replaceAll('000.00.00.G09', GOV_OFFICE);
    const attach = (zip: Buffer, name = 'a.pdf') =>
      from(vendorPackage({ prefix: null, to: ORG.districtTienDu, attachments: [] })).replace('</AttachmentEncoded>', `<Attachment ContentId="x"><AttachmentName>${name}</AttachmentName><Value>${zip.toString('base64')}</Value></Attachment></AttachmentEncoded>`);
    const good = from(vendorPackage({ prefix: null, to: ORG.districtTienDu, attachments: [{ name: 'a.pdf', bytes: Buffer.from('%PDF-1.4 x') }] }));
    const value = good.slice(good.indexOf('<Attachment ContentId="att0">') + 29, good.indexOf('</Attachment>'));
    const cases: [string, string][] = [
      [`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><edXML xmlns="${NS}">&lol2;</edXML>`, 'EDXML_DOCTYPE_FORBIDDEN'],
      [`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edXML xmlns="${NS}"><x>&xxe;</x></edXML>`, 'EDXML_DOCTYPE_FORBIDDEN'],
      [good.replaceAll(NS, 'urn:khac'), 'EDXML_WRONG_NAMESPACE'],
      [good.replace(value, `${value.slice(0, 40)}!!${value.slice(40)}`), 'EDXML_BAD_BASE64'],
      [good.replace(value, value.trim().slice(0, 41)), 'EDXML_BAD_BASE64'],
      [attach(vendorZip({ 'bom.pdf': new Uint8Array(24 * 1024 * 1024) })), 'EDXML_ATTACHMENT_TOO_LARGE'],
      [attach(vendorZip({ '../../../etc/passwd': Buffer.from('x') })), 'EDXML_UNSAFE_PATH'],
      [attach(vendorZip({ 'a.pdf': Buffer.from('x') }), '../../a.pdf'), 'EDXML_UNSAFE_PATH'],
      [good.replace('<edXMLEnvelope>', '<edXMLEnvelope><broken>'), 'EDXML_MALFORMED'],
      [good.replaceAll(ORG.districtTienDu, '000.00.77.H99'), 'EXCHANGE_NOT_ADDRESSED'],
    ];
    for (const [xml, code] of cases) {
      const before = await counts();
      const res = await clerk.post('/exchange/import', edxmlForm(xml));
      expect([res.body.error?.code, res.status >= 400 && res.status < 500]).toEqual([code, true]);
      expect(await counts()).toEqual(before);
    }
    // A package larger than the upload limit is cut off while streaming.
    const huge = await clerk.post('/exchange/import', edxmlForm(Buffer.alloc(6 * 1024 * 1024, 'A')));
    expect(huge.body.error.code).toMatch(/PAYLOAD_TOO_LARGE|EDXML_MALFORMED/);
    expect(fs.readdirSync(w.t.vanban.config.tmpDir).filter((n) => n.startsWith('edxml-'))).toEqual([]);
  }, 120_000);

  it('exports an issued document as an edXML package', async () => {
    const official = await w.as('chuyenvien.tinh');
    const leader = await w.as('lanhdao.tinh');
    const clerk = await w.as('vanthu.tinh');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName }), { docType: 'QĐ', subject: 'QUYẾT ĐỊNH xuất gói edXML', recipients: [GOV_OFFICE, ORG.districtTienDu], urgency: 'thuong_khan' }))).body;
    expect((await clerk.get(`/documents/${draft.id}/edxml?to=${GOV_OFFICE}`)).body.error.code).toBe('INVALID_STATE');
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN });
    const issued = (await clerk.post(`/documents/${draft.id}/issue`)).body;
    expect((await clerk.get(`/documents/${draft.id}/edxml?to=000.00.99.H99`)).body.error.code).toBe('ORG_NOT_FOUND');
    expect((await (await w.as('vanthu.tiendu')).get(`/documents/${draft.id}/edxml?to=${GOV_OFFICE}`)).status).toBe(404);
    const res = await fetch(`${w.t.url}/api/v1/documents/${draft.id}/edxml?to=${GOV_OFFICE}`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const bytes = Buffer.from(await res.arrayBuffer());
    const msg = await readEdxml(streamOf(bytes), tempDir());
    if (msg.kind !== 'package') throw new Error('expected a package');
    const m = msg.header.message;
    expect(m).toMatchObject({
      from: { organId: ORG.province, organName: 'Ủy ban nhân dân tỉnh Bắc Ninh' },
      to: [{ organId: GOV_OFFICE, organName: 'Văn phòng Chính phủ' }],
      documentId: `${ORG.province},${issued.issuedDate.replaceAll('-', '/')},${issued.symbol}`,
      codeNumber: issued.symbol.split('/')[0],
      codeNotation: 'QĐ-UBND',
      promulgationDate: issued.issuedDate,
      typeName: 'Quyết định',
      subject: 'QUYẾT ĐỊNH xuất gói edXML',
      priority: 2,
      signer: { fullName: leaderName },
    });
    expect(m.toPlaces).toEqual(expect.arrayContaining(['Văn phòng Chính phủ']));
    const doc = await w.t.database.db('documents').where({ id: draft.id }).first();
    expect(msg.attachments.map((a) => a.sha256)).toEqual([doc.file_key]);
    // The issue also queued the package for the external recipient (and delivered the internal one).
    const queued = await w.t.database.db('jobs').where({ unique_key: `exchange-send:${draft.id}:${(await w.t.database.db('organizations').where({ code: GOV_OFFICE }).first()).id}` }).first();
    expect(queued).toBeDefined();
    expect(issued.deliveries.find((d: { orgCode: string }) => d.orgCode === ORG.districtTienDu).status).toBe('01');
  }, 120_000);
});
