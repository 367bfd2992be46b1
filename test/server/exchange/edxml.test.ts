import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { readEdxml, statusMessageXml, type EdxmlMessage } from '../../../server/exchange/edxml';
import { bytesAttachment, NS, packageBytes, sampleHeader, streamOf, tempDir, vendorPackage, vendorZip } from './edxml-fixtures';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function read(data: Buffer | string, limits?: Parameters<typeof readEdxml>[2]): Promise<EdxmlMessage & { work: string }> {
  const work = tempDir();
  return { ...(await readEdxml(streamOf(data), work, limits)), work };
}

async function refused(data: Buffer | string, code: string, limits?: Parameters<typeof readEdxml>[2]): Promise<void> {
  const work = tempDir();
  await expect(readEdxml(streamOf(data), work, limits)).rejects.toMatchObject({ code });
  // Nothing is left behind: the message folder is removed with everything decoded so far.
  expect(fs.readdirSync(work)).toEqual([]);
}

describe('edXML packages: build and read', () => {
  it('round-trips header, trace list and attachments byte for byte', async () => {
    const pdf = randomBytes(300_000);
    const text = Buffer.from('Phụ lục kèm theo\n'.repeat(5000));
    const bytes = await packageBytes(sampleHeader(), [bytesAttachment('quyet-dinh.pdf', pdf), bytesAttachment('phu-luc.txt', text, 'cid:2')]);
    const xml = bytes.toString('utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">')).toBe(true);
    expect(xml).toContain('&lt;khẩn&gt; &amp; "ưu tiên"');
    const msg = await read(bytes);
    if (msg.kind !== 'package') throw new Error('expected a package');
    expect(msg.header.message).toMatchObject({
      from: { organId: '000.00.00.H53', organName: 'Ủy ban nhân dân tỉnh Tây Ninh', email: 'vanthu@tayninh.gov.vn' },
      to: [{ organId: '000.00.32.H53' }],
      documentId: '000.00.00.H53,2026/12/01,07/QĐ-UBND',
      codeNumber: '07',
      codeNotation: 'QĐ-UBND',
      promulgationDate: '2026-12-01',
      subject: 'Về việc phòng, chống thiên tai năm 2026 <khẩn> & "ưu tiên"',
      signer: { competence: 'TM. UBND', position: 'Chủ tịch', fullName: 'Nguyễn Văn A' },
      toPlaces: ['UBND huyện Châu Thành', 'Lưu: VT'],
      priority: 1,
      pageAmount: 2,
    });
    expect(msg.header.business).toEqual({ docType: 0, reason: undefined, replacements: [] });
    expect(msg.header.traces).toEqual([{ organId: '000.00.00.H53', timestamp: '2026-12-01T08:00:00+07:00' }]);
    expect(msg.attachments.map((a) => [a.contentId, a.attachmentName, a.size, a.sha256])).toEqual([
      ['cid:1', 'quyet-dinh.pdf', pdf.length, sha(pdf)],
      ['cid:2', 'phu-luc.txt', text.length, sha(text)],
    ]);
    expect(sha(fs.readFileSync(msg.attachments[0].path))).toBe(sha(pdf));
  });

  it('writes revocation and replacement business info', async () => {
    const header = { ...sampleHeader(), business: { docType: 1 as const, reason: 'Sai thẩm quyền', replacements: ['000.00.00.H53,2026/11/30,05/QĐ-UBND'] } };
    const msg = await read(await packageBytes(header));
    if (msg.kind !== 'package') throw new Error('expected a package');
    expect(msg.header.business).toEqual({ docType: 1, reason: 'Sai thẩm quyền', replacements: ['000.00.00.H53,2026/11/30,05/QĐ-UBND'] });
  });

  it.each([
    ['a custom prefix', 'ns1'],
    ['the default namespace', null],
  ])('reads another vendor\'s package with %s, tolerating extra and missing parts', async (_label, prefix) => {
    const a = randomBytes(50_000);
    const b = Buffer.from('%PDF-1.4 giả lập\n');
    const msg = await read(vendorPackage({ prefix, to: '000.00.32.H53', attachments: [{ name: 'cong-van.pdf', bytes: a }, { name: 'Phụ lục 1.pdf', bytes: b }] }));
    if (msg.kind !== 'package') throw new Error('expected a package');
    expect(msg.header.message).toMatchObject({ documentId: '000.00.00.G09,2026/11/28,15/CV-BNV', promulgationDate: '2026-11-28', priority: 0, toPlaces: [], typeName: 'Công văn' });
    expect(msg.attachments.map((x) => [x.attachmentName, x.sha256])).toEqual([['cong-van.pdf', sha(a)], ['Phụ lục 1.pdf', sha(b)]]);
  });

  it('reads and writes status messages', async () => {
    const xml = statusMessageXml({
      responseFor: { organId: '000.00.00.H53', code: '07/QĐ-UBND', promulgationDate: '2026-12-01', documentId: '000.00.00.H53,2026/12/01,07/QĐ-UBND' },
      from: { organId: '000.00.32.H53', organName: 'UBND huyện' },
      statusCode: '02',
      description: 'Sai nơi nhận',
      timestamp: '2026-12-01T09:00:00.000Z',
      staff: { department: 'Văn phòng', staff: 'Trần Thị B' },
    });
    const msg = await read(xml);
    expect(msg).toMatchObject({ kind: 'status', status: { statusCode: '02', description: 'Sai nơi nhận', responseFor: { documentId: '000.00.00.H53,2026/12/01,07/QĐ-UBND', promulgationDate: '2026-12-01' }, staff: { staff: 'Trần Thị B' } } });
  });
});

describe('edXML packages: hostile input is refused, nothing kept', () => {
  const small = { maxAttachmentBytes: 1024 * 1024, maxAttachments: 5, maxHeaderChars: 64 * 1024 };

  it('refuses DOCTYPE with entity expansion (billion laughs)', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><edXML xmlns="${NS}"><x>&lol3;</x></edXML>`;
    await refused(lol, 'EDXML_DOCTYPE_FORBIDDEN');
  });

  it('refuses external entities (XXE)', async () => {
    await refused(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edXML xmlns="${NS}">&xxe;</edXML>`, 'EDXML_DOCTYPE_FORBIDDEN');
    await refused(`<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "http://127.0.0.1:1/evil.dtd"><edXML xmlns="${NS}"/>`, 'EDXML_DOCTYPE_FORBIDDEN');
  });

  it('refuses undeclared entities and broken XML', async () => {
    await refused(`<edXML xmlns="${NS}">&nbsp;</edXML>`, 'EDXML_MALFORMED');
    await refused(`<edXML xmlns="${NS}"><edXMLEnvelope></edXML>`, 'EDXML_MALFORMED');
    await refused(`<edXML xmlns="${NS}"><a:b/></edXML>`, 'EDXML_MALFORMED');
    await refused('', 'EDXML_MALFORMED');
  });

  it('refuses a wrong or missing namespace', async () => {
    const good = vendorPackage({ prefix: 'e', to: '000.00.32.H53', attachments: [] });
    await refused(good.replaceAll(NS, 'http://www.mic.gov.vn/TBT/QCVN_102_2017'), 'EDXML_WRONG_NAMESPACE');
    await refused(`<edXML><edXMLEnvelope/></edXML>`, 'EDXML_WRONG_NAMESPACE');
    await refused(`<edXML xmlns="${NS}"><edXMLEnvelope><edXMLHeader/></edXMLEnvelope></edXML>`, 'EDXML_MISSING_FIELD');
  });

  it('refuses broken base64: foreign characters, padding in the middle, cut short', async () => {
    const pkg = (await packageBytes(sampleHeader(), [bytesAttachment('a.pdf', randomBytes(3000))])).toString('utf8');
    const value = pkg.slice(pkg.indexOf('<edXML:Value>') + 13, pkg.indexOf('</edXML:Value>'));
    await refused(pkg.replace(value, `${value.slice(0, 100)}*%$${value.slice(100)}`), 'EDXML_BAD_BASE64');
    await refused(pkg.replace(value, `${value.slice(0, 100)}==${value.slice(100)}`), 'EDXML_BAD_BASE64');
    await refused(pkg.replace(value, value.slice(0, 101)), 'EDXML_BAD_BASE64');
    await refused(pkg.replace(value, value.slice(0, 1000)), 'EDXML_BAD_ZIP');
    await refused(pkg.replace(value, Buffer.from('không phải zip').toString('base64')), 'EDXML_BAD_ZIP');
  });

  it('refuses huge attachments and too many of them', async () => {
    await refused(await packageBytes(sampleHeader(), [bytesAttachment('big.bin', randomBytes(1_200_000))]), 'EDXML_ATTACHMENT_TOO_LARGE', small);
    const many = Array.from({ length: 6 }, (_, i) => bytesAttachment(`f${i}.txt`, Buffer.from('x'), `cid:${i}`));
    await refused(await packageBytes(sampleHeader(), many), 'EDXML_ATTACHMENT_TOO_LARGE', small);
    await refused(vendorPackage({ prefix: null, to: 'x', attachments: [], subject: 'A'.repeat(70_000) }), 'EDXML_HEADER_TOO_LARGE', small);
  });

  it('stops a zip bomb at the size cap', async () => {
    const bomb = vendorZip({ 'bom.pdf': new Uint8Array(24 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(200_000);
    const xml = vendorPackage({ prefix: null, to: '000.00.32.H53', attachments: [] }).replace(
      '</AttachmentEncoded>',
      `<Attachment ContentId="x"><AttachmentName>bom.pdf</AttachmentName><Value>${bomb.toString('base64')}</Value></Attachment></AttachmentEncoded>`,
    );
    await refused(xml, 'EDXML_ATTACHMENT_TOO_LARGE', { ...small, maxAttachmentBytes: 5 * 1024 * 1024 });
  });

  it('refuses path tricks and several files inside an attachment', async () => {
    const withZip = (zip: Buffer, name = 'a.pdf') =>
      vendorPackage({ prefix: null, to: '000.00.32.H53', attachments: [] }).replace(
        '</AttachmentEncoded>',
        `<Attachment ContentId="x"><AttachmentName>${name}</AttachmentName><Value>${zip.toString('base64')}</Value></Attachment></AttachmentEncoded>`,
      );
    await refused(withZip(vendorZip({ '../../etc/cron.d/evil': Buffer.from('x') })), 'EDXML_UNSAFE_PATH');
    await refused(withZip(vendorZip({ '/etc/passwd': Buffer.from('x') })), 'EDXML_UNSAFE_PATH');
    await refused(withZip(vendorZip({ 'C:\\Windows\\x.dll': Buffer.from('x') })), 'EDXML_UNSAFE_PATH');
    await refused(withZip(vendorZip({ 'a.pdf': Buffer.from('x'), 'b.exe': Buffer.from('y') })), 'EDXML_BAD_ZIP');
    await refused(withZip(vendorZip({ 'a.pdf': Buffer.from('x') }), '../../../tmp/owned.pdf'), 'EDXML_UNSAFE_PATH');
    await refused(vendorPackage({ prefix: 'e', to: '000.00.32.H53', attachments: [{ name: '../x.pdf', bytes: Buffer.from('x') }] }), 'EDXML_UNSAFE_PATH');
  });

  it('refuses a manifest that names an attachment the package lacks', async () => {
    const pkg = vendorPackage({ prefix: null, to: '000.00.32.H53', attachments: [{ name: 'a.pdf', bytes: Buffer.from('x') }] });
    const cut = pkg.slice(0, pkg.indexOf('<AttachmentEncoded>')) + '<AttachmentEncoded/></edXML>';
    await refused(cut, 'EDXML_ATTACHMENT_MISMATCH');
  });

  it('refuses bad field values', async () => {
    await refused(vendorPackage({ prefix: null, to: 'x', attachments: [] }).replace('28/11/2026', '31/02/2026'), 'EDXML_INVALID_FIELD');
    await refused(vendorPackage({ prefix: null, to: 'x', attachments: [], extra: '<OtherInfo><Priority>9</Priority></OtherInfo>' }), 'EDXML_INVALID_FIELD');
  });
});
