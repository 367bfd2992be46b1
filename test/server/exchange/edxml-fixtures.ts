import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { zipSync } from 'fflate';
import { writeEdxmlPackage, type OutgoingAttachment } from '../../../server/exchange/edxml';
import type { EdxmlHeader } from '../../../server/exchange/edxml';

export const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export const sampleHeader = (to = '000.00.32.H53'): Omit<EdxmlHeader, 'references'> => ({
  message: {
    from: { organId: '000.00.00.H53', organName: 'Ủy ban nhân dân tỉnh Tây Ninh', organizationInCharge: 'UBND tỉnh', email: 'vanthu@tayninh.gov.vn' },
    to: [{ organId: to, organName: 'Ủy ban nhân dân huyện Châu Thành' }],
    documentId: '000.00.00.H53,2026/12/01,07/QĐ-UBND',
    codeNumber: '07',
    codeNotation: 'QĐ-UBND',
    place: 'Tây Ninh',
    promulgationDate: '2026-12-01',
    type: '2',
    typeDetail: 'QĐ',
    typeName: 'Quyết định',
    subject: 'Về việc phòng, chống thiên tai năm 2026 <khẩn> & "ưu tiên"',
    signer: { competence: 'TM. UBND', position: 'Chủ tịch', fullName: 'Nguyễn Văn A' },
    toPlaces: ['UBND huyện Châu Thành', 'Lưu: VT'],
    priority: 1,
    pageAmount: 2,
    responseFor: [],
  },
  business: { docType: 0, replacements: [] },
  traces: [{ organId: '000.00.00.H53', timestamp: '2026-12-01T08:00:00+07:00' }],
});

export const bytesAttachment = (name: string, bytes: Buffer, contentId = 'cid:1'): OutgoingAttachment => ({
  contentId,
  attachmentName: name,
  contentType: name.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream',
  open: async () => (async function* () {
    for (let i = 0; i < bytes.length; i += 100_000) yield bytes.subarray(i, i + 100_000);
  })(),
});

/** The package as bytes, through the streaming writer. */
export async function packageBytes(header = sampleHeader(), attachments: OutgoingAttachment[] = []): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeEdxmlPackage(out, header, attachments);
  out.end();
  return Buffer.concat(chunks);
}

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'edxml-test-'));

export async function* streamOf(data: Buffer | string): AsyncGenerator<Buffer> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  for (let i = 0; i < buf.length; i += 7919) yield buf.subarray(i, i + 7919);
}

/** Another vendor's way of zipping: one call, no streaming descriptors. */
export const vendorZip = (files: Record<string, Uint8Array>) => Buffer.from(zipSync(files, { level: 9 }));

/**
 * A package as another vendor's system writes it, by hand: `prefix` null uses the default
 * namespace; the attachment sits directly in `Attachment` with its ContentId as an attribute.
 */
export function vendorPackage(opts: { prefix: string | null; to: string; attachments: { name: string; bytes: Buffer }[]; ns?: string; extra?: string; subject?: string }): string {
  const p = opts.prefix ? `${opts.prefix}:` : '';
  const decl = opts.prefix ? `xmlns:${opts.prefix}="${opts.ns ?? NS}"` : `xmlns="${opts.ns ?? NS}"`;
  const refs = opts.attachments
    .map((a, i) => `<${p}Reference><${p}ContentId>att${i}</${p}ContentId><${p}ContentType>application/pdf</${p}ContentType><${p}AttachmentName>${a.name}</${p}AttachmentName></${p}Reference>`)
    .join('');
  const atts = opts.attachments
    .map((a, i) => `<${p}Attachment ContentId="att${i}">\n${vendorZip({ [a.name]: a.bytes }).toString('base64').replace(/(.{76})/g, '$1\n')}\n</${p}Attachment>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<${p}edXML ${decl} xmlns:vnd="urn:vendor:extra">
  <${p}edXMLEnvelope>
    <${p}edXMLHeader>
      <${p}MessageHeader>
        <${p}From><${p}OrganId>000.00.00.G09</${p}OrganId><${p}OrganName>Bộ Nội vụ</${p}OrganName></${p}From>
        <${p}To><${p}OrganId>${opts.to}</${p}OrganId><${p}OrganName>Nơi nhận</${p}OrganName></${p}To>
        <${p}Code><${p}CodeNumber>15</${p}CodeNumber><${p}CodeNotation>CV-BNV</${p}CodeNotation></${p}Code>
        <${p}PromulgationInfo><${p}Place>Hà Nội</${p}Place><${p}PromulgationDate>28/11/2026</${p}PromulgationDate></${p}PromulgationInfo>
        <${p}DocumentType><${p}Type>2</${p}Type><${p}TypeName>Công văn</${p}TypeName></${p}DocumentType>
        <${p}Subject>${opts.subject ?? 'V/v hướng dẫn triển khai chữ ký số'}</${p}Subject>
        <vnd:VendorField>ignored</vnd:VendorField>
        ${opts.extra ?? ''}
      </${p}MessageHeader>
    </${p}edXMLHeader>
    <${p}edXMLBody><${p}edXMLManifest>${refs}</${p}edXMLManifest></${p}edXMLBody>
  </${p}edXMLEnvelope>
  <${p}AttachmentEncoded>${atts}</${p}AttachmentEncoded>
</${p}edXML>`;
}
