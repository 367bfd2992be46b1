import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { createCB } from 'xmlbuilder2';
import type { XMLBuilderCB } from 'xmlbuilder2/lib/interfaces';
import { Base64Encoder } from './base64-file';
import { EDXML_NS, type EdxmlHeader, type MessageHeader, type OrganInfo, type ResponseFor, type StatusMessage } from './edxml-model';
import { zipSingleFile } from './zip-attachment';

const P = 'edXML';

export interface OutgoingAttachment {
  contentId: string;
  attachmentName: string;
  contentType: string;
  description?: string;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/** A writer that emits XML into a stream and waits for it to drain, so big packages never pile up in memory. */
function xmlTo(out: Writable) {
  let failure: Error | null = null;
  const xml = createCB({ data: (chunk: string) => void out.write(chunk, 'utf8'), error: (e: Error) => (failure = e), prettyPrint: false });
  const drained = async () => {
    if (failure) throw failure;
    if (out.writableNeedDrain) await once(out, 'drain');
  };
  return { xml, drained };
}

/** `<edXML:Name>text</edXML:Name>`, skipped when the value is absent. */
function leaf(xml: XMLBuilderCB, name: string, value: string | number | undefined | null): void {
  if (value === undefined || value === null || value === '') return;
  xml.ele(EDXML_NS, `${P}:${name}`).txt(String(value)).up();
}

const slashDate = (iso: string | undefined) => iso?.replaceAll('-', '/');

function organ(xml: XMLBuilderCB, tag: string, o: OrganInfo): void {
  xml.ele(EDXML_NS, `${P}:${tag}`);
  leaf(xml, 'OrganId', o.organId);
  leaf(xml, 'OrganizationInCharge', o.organizationInCharge);
  leaf(xml, 'OrganName', o.organName);
  leaf(xml, 'OrganAdd', o.organAdd);
  leaf(xml, 'Email', o.email);
  leaf(xml, 'Telephone', o.telephone);
  leaf(xml, 'Fax', o.fax);
  leaf(xml, 'Website', o.website);
  xml.up();
}

function responseFor(xml: XMLBuilderCB, r: ResponseFor): void {
  xml.ele(EDXML_NS, `${P}:ResponseFor`);
  leaf(xml, 'OrganId', r.organId);
  leaf(xml, 'Code', r.code);
  leaf(xml, 'PromulgationDate', slashDate(r.promulgationDate));
  leaf(xml, 'DocumentId', r.documentId);
  xml.up();
}

function messageHeader(xml: XMLBuilderCB, m: MessageHeader): void {
  xml.ele(EDXML_NS, `${P}:MessageHeader`);
  organ(xml, 'From', m.from);
  for (const to of m.to) organ(xml, 'To', to);
  leaf(xml, 'DocumentId', m.documentId);
  xml.ele(EDXML_NS, `${P}:Code`);
  leaf(xml, 'CodeNumber', m.codeNumber);
  leaf(xml, 'CodeNotation', m.codeNotation);
  xml.up();
  xml.ele(EDXML_NS, `${P}:PromulgationInfo`);
  leaf(xml, 'Place', m.place);
  leaf(xml, 'PromulgationDate', slashDate(m.promulgationDate));
  xml.up();
  xml.ele(EDXML_NS, `${P}:DocumentType`);
  leaf(xml, 'Type', m.type);
  leaf(xml, 'TypeDetail', m.typeDetail);
  leaf(xml, 'TypeName', m.typeName);
  xml.up();
  leaf(xml, 'Subject', m.subject);
  leaf(xml, 'Content', m.content);
  if (m.signer) {
    xml.ele(EDXML_NS, `${P}:SignerInfo`);
    leaf(xml, 'Competence', m.signer.competence);
    leaf(xml, 'Position', m.signer.position);
    leaf(xml, 'FullName', m.signer.fullName);
    xml.up();
  }
  leaf(xml, 'DueDate', slashDate(m.dueDate));
  xml.ele(EDXML_NS, `${P}:ToPlaces`);
  for (const place of m.toPlaces) leaf(xml, 'Place', place);
  xml.up();
  xml.ele(EDXML_NS, `${P}:OtherInfo`);
  leaf(xml, 'Priority', m.priority);
  leaf(xml, 'SphereOfPromulgation', m.sphereOfPromulgation);
  leaf(xml, 'TyperNotation', m.typerNotation);
  leaf(xml, 'PromulgationAmount', m.promulgationAmount);
  leaf(xml, 'PageAmount', m.pageAmount);
  xml.up();
  leaf(xml, 'SteeringType', m.steeringType);
  for (const r of m.responseFor) responseFor(xml, r);
  xml.up();
}

/**
 * Writes an edXML package: envelope (header, trace list, manifest) then every attachment zipped and
 * base64-encoded, streamed from its source. The caller ends `out`.
 */
export async function writeEdxmlPackage(out: Writable, header: Omit<EdxmlHeader, 'references'>, attachments: OutgoingAttachment[]): Promise<void> {
  const { xml, drained } = xmlTo(out);
  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  xml.ele(EDXML_NS, `${P}:edXML`).att('http://www.w3.org/2000/xmlns/', `xmlns:${P}`, EDXML_NS);
  xml.ele(EDXML_NS, `${P}:edXMLEnvelope`);
  xml.ele(EDXML_NS, `${P}:edXMLHeader`);
  messageHeader(xml, header.message);
  xml.ele(EDXML_NS, `${P}:TraceHeaderList`);
  xml.ele(EDXML_NS, `${P}:Bussiness`);
  leaf(xml, 'BussinessDocType', header.business.docType);
  leaf(xml, 'BussinessDocReason', header.business.reason);
  if (header.business.replacements.length) {
    xml.ele(EDXML_NS, `${P}:ReplacementInfoList`);
    for (const id of header.business.replacements) {
      xml.ele(EDXML_NS, `${P}:ReplacementInfo`);
      leaf(xml, 'DocumentId', id);
      xml.up();
    }
    xml.up();
  }
  xml.up();
  for (const trace of header.traces) {
    xml.ele(EDXML_NS, `${P}:TraceHeader`);
    leaf(xml, 'OrganId', trace.organId);
    leaf(xml, 'Timestamp', trace.timestamp);
    xml.up();
  }
  xml.up(); // TraceHeaderList
  xml.up(); // edXMLHeader
  xml.ele(EDXML_NS, `${P}:edXMLBody`).ele(EDXML_NS, `${P}:edXMLManifest`);
  for (const a of attachments) {
    xml.ele(EDXML_NS, `${P}:Reference`);
    leaf(xml, 'ContentId', a.contentId);
    leaf(xml, 'ContentType', a.contentType);
    leaf(xml, 'Description', a.description);
    leaf(xml, 'AttachmentName', a.attachmentName);
    xml.up();
  }
  xml.up().up(); // edXMLManifest, edXMLBody
  xml.up(); // edXMLEnvelope
  await drained();
  xml.ele(EDXML_NS, `${P}:AttachmentEncoded`);
  for (const a of attachments) {
    xml.ele(EDXML_NS, `${P}:Attachment`);
    leaf(xml, 'ContentId', a.contentId);
    leaf(xml, 'AttachmentName', a.attachmentName);
    leaf(xml, 'ContentType', a.contentType);
    leaf(xml, 'ContentTransferEncoded', 'base64');
    leaf(xml, 'Format', 'zip');
    xml.ele(EDXML_NS, `${P}:Value`);
    const encoder = new Base64Encoder();
    for await (const chunk of zipSingleFile(a.attachmentName, await a.open())) {
      const text = encoder.push(chunk);
      if (text) xml.txt(text);
      await drained();
    }
    const rest = encoder.end();
    if (rest) xml.txt(rest);
    xml.up().up(); // Value, Attachment
    await drained();
  }
  xml.up(); // AttachmentEncoded
  xml.up(); // edXML
  xml.end();
  await drained();
}

/** Writes a status message (`Status`) as a complete XML document. */
export function statusMessageXml(status: StatusMessage): string {
  let text = '';
  const xml = createCB({ data: (chunk: string) => (text += chunk), prettyPrint: false });
  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  xml.ele(EDXML_NS, `${P}:Status`).att('http://www.w3.org/2000/xmlns/', `xmlns:${P}`, EDXML_NS);
  responseFor(xml, status.responseFor);
  organ(xml, 'From', status.from);
  leaf(xml, 'StatusCode', status.statusCode);
  leaf(xml, 'Description', status.description);
  leaf(xml, 'Timestamp', status.timestamp);
  if (status.staff) {
    xml.ele(EDXML_NS, `${P}:StaffInfo`);
    leaf(xml, 'Department', status.staff.department);
    leaf(xml, 'Staff', status.staff.staff);
    leaf(xml, 'Email', status.staff.email);
    leaf(xml, 'Mobile', status.staff.mobile);
    xml.up();
  }
  xml.up();
  xml.end();
  return text;
}
