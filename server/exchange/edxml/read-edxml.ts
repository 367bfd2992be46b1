import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Base64FileSink } from './base64-file';
import { EdxmlError } from './edxml-error';
import {
  EDXML_NS,
  formatDocumentId,
  type AttachmentReference,
  type Business,
  type BusinessDocType,
  type EdxmlHeader,
  type MessageHeader,
  type OrganInfo,
  type ResponseFor,
  type StatusMessage,
} from './edxml-model';
import { child, childrenNamed, childText, parseXmlStream, type XmlNode } from './xml-stream';
import { isUnsafeEntryName, looksLikeZip, unzipSingleFile } from './zip-attachment';

export interface ReadLimits {
  /** Per attachment, both as transmitted (zipped) and once unpacked. */
  maxAttachmentBytes: number;
  maxAttachments: number;
  /** Characters of everything that is not attachment data. */
  maxHeaderChars: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxAttachmentBytes: 200 * 1024 * 1024, maxAttachments: 50, maxHeaderChars: 2 * 1024 * 1024 };

export interface ReceivedAttachment extends AttachmentReference {
  /** The unpacked file, inside the message's own folder. */
  path: string;
  size: number;
  sha256: string;
}

export type EdxmlMessage =
  | { kind: 'package'; header: EdxmlHeader; attachments: ReceivedAttachment[]; dir: string }
  | { kind: 'status'; status: StatusMessage; dir: string };

const NS = EDXML_NS;
const text = (node: XmlNode | undefined, name: string) => childText(node, name, NS);

function required(node: XmlNode | undefined, name: string, where: string): string {
  const value = text(node, name);
  if (!value) throw new EdxmlError('EDXML_MISSING_FIELD', `Gói tin thiếu trường bắt buộc ${where}/${name}`);
  return value;
}

/** Dates arrive as yyyy/MM/dd (the standard), yyyy-MM-dd or dd/MM/yyyy, sometimes with a time. */
export function parseEdxmlDate(value: string | undefined, field: string): string | undefined {
  if (!value) return undefined;
  const day = value.trim().slice(0, 10);
  const parts = day.split(/[/-]/);
  let iso: string | null = null;
  if (parts.length === 3 && parts[0].length === 4) iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  else if (parts.length === 3 && parts[2].length === 4) iso = `${parts[2]}-${parts[1].padStart(2, '0')}-${parts[0].padStart(2, '0')}`;
  const date = iso ? new Date(`${iso}T00:00:00Z`) : null;
  if (!iso || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new EdxmlError('EDXML_INVALID_FIELD', `Trường ${field} không phải ngày hợp lệ: ${value.slice(0, 40)}`);
  }
  return iso;
}

function organ(node: XmlNode | undefined, where: string): OrganInfo {
  return {
    organId: required(node, 'OrganId', where),
    organizationInCharge: text(node, 'OrganizationInCharge'),
    organName: text(node, 'OrganName') ?? required(node, 'OrganId', where),
    organAdd: text(node, 'OrganAdd'),
    email: text(node, 'Email'),
    telephone: text(node, 'Telephone'),
    fax: text(node, 'Fax'),
    website: text(node, 'Website'),
  };
}

function responseFor(node: XmlNode): ResponseFor {
  return {
    organId: required(node, 'OrganId', 'ResponseFor'),
    code: text(node, 'Code') ?? '',
    promulgationDate: parseEdxmlDate(text(node, 'PromulgationDate'), 'ResponseFor/PromulgationDate'),
    documentId: required(node, 'DocumentId', 'ResponseFor'),
  };
}

function optionalInt(value: string | undefined, field: string, min = 0, max = 1_000_000): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new EdxmlError('EDXML_INVALID_FIELD', `Trường ${field} không hợp lệ: ${value.slice(0, 40)}`);
  return n;
}

function messageHeader(node: XmlNode | undefined): MessageHeader {
  if (!node) throw new EdxmlError('EDXML_MISSING_FIELD', 'Gói tin thiếu phần MessageHeader');
  const from = organ(child(node, 'From', NS), 'From');
  const to = childrenNamed(node, 'To', NS).map((t) => organ(t, 'To'));
  if (to.length === 0) throw new EdxmlError('EDXML_MISSING_FIELD', 'Gói tin thiếu nơi nhận (To)');
  const code = child(node, 'Code', NS);
  const codeNumber = required(code, 'CodeNumber', 'Code');
  const codeNotation = required(code, 'CodeNotation', 'Code');
  const promulgation = child(node, 'PromulgationInfo', NS);
  const promulgationDate = parseEdxmlDate(required(promulgation, 'PromulgationDate', 'PromulgationInfo'), 'PromulgationDate')!;
  const type = child(node, 'DocumentType', NS);
  const signer = child(node, 'SignerInfo', NS);
  const other = child(node, 'OtherInfo', NS);
  return {
    from,
    to,
    documentId: text(node, 'DocumentId') ?? formatDocumentId(from.organId, promulgationDate, codeNumber, codeNotation),
    codeNumber,
    codeNotation,
    place: text(promulgation, 'Place'),
    promulgationDate,
    type: text(type, 'Type'),
    typeDetail: text(type, 'TypeDetail'),
    typeName: text(type, 'TypeName'),
    subject: required(node, 'Subject', 'MessageHeader'),
    content: text(node, 'Content'),
    signer: signer ? { competence: text(signer, 'Competence'), position: text(signer, 'Position'), fullName: text(signer, 'FullName') } : undefined,
    dueDate: parseEdxmlDate(text(node, 'DueDate'), 'DueDate'),
    toPlaces: childrenNamed(child(node, 'ToPlaces', NS), 'Place', NS).map((p) => p.text.trim()).filter(Boolean),
    priority: optionalInt(text(other, 'Priority'), 'Priority', 0, 4) ?? 0,
    sphereOfPromulgation: text(other, 'SphereOfPromulgation'),
    typerNotation: text(other, 'TyperNotation'),
    promulgationAmount: optionalInt(text(other, 'PromulgationAmount'), 'PromulgationAmount'),
    pageAmount: optionalInt(text(other, 'PageAmount'), 'PageAmount'),
    steeringType: text(node, 'SteeringType'),
    responseFor: childrenNamed(node, 'ResponseFor', NS).map(responseFor),
  };
}

function business(list: XmlNode | undefined): Business {
  const node = child(list, 'Bussiness', NS) ?? child(list, 'Business', NS);
  const docType = optionalInt(text(node, 'BussinessDocType') ?? text(node, 'BusinessDocType'), 'BussinessDocType', 0, 3) ?? 0;
  const replacements = childrenNamed(child(node, 'ReplacementInfoList', NS), 'ReplacementInfo', NS)
    .map((r) => text(r, 'DocumentId'))
    .filter((id): id is string => Boolean(id));
  return { docType: docType as BusinessDocType, reason: text(node, 'BussinessDocReason'), replacements };
}

/** A file name from the package, reduced to a safe base name; anything that tries to climb out is refused. */
export function safeAttachmentName(name: string): string {
  const trimmed = name.trim();
  if (isUnsafeEntryName(trimmed) || trimmed.includes('/')) {
    throw new EdxmlError('EDXML_UNSAFE_PATH', `Tên tệp đính kèm không an toàn: ${trimmed.slice(0, 100)}`);
  }
  let clean = '';
  for (const ch of trimmed) if (ch >= ' ' && ch !== '\u007f') clean += ch;
  return clean.slice(0, 200) || 'tep-dinh-kem';
}

function statusMessage(node: XmlNode): StatusMessage {
  const staff = child(node, 'StaffInfo', NS);
  const responseForNode = child(node, 'ResponseFor', NS);
  if (!responseForNode) throw new EdxmlError('EDXML_MISSING_FIELD', 'Thông điệp trạng thái thiếu ResponseFor');
  const statusCode = required(node, 'StatusCode', 'Status');
  return {
    responseFor: responseFor(responseForNode),
    from: organ(child(node, 'From', NS), 'From'),
    statusCode: statusCode.padStart(2, '0'),
    description: text(node, 'Description') ?? '',
    timestamp: text(node, 'Timestamp') ?? new Date().toISOString(),
    staff: staff ? { department: text(staff, 'Department'), staff: text(staff, 'Staff'), email: text(staff, 'Email'), mobile: text(staff, 'Mobile') } : undefined,
  };
}

interface PendingAttachment {
  node: XmlNode;
  sink: Base64FileSink;
}

/**
 * Reads an edXML package or status message from a stream. Attachments are decoded and unpacked
 * into a new folder under `workDir` as they stream past; nothing else of size is kept in memory.
 * On any error the folder is removed; on success the caller removes `dir` when done with it.
 */
export async function readEdxml(input: AsyncIterable<Buffer | string>, workDir: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<EdxmlMessage> {
  fs.mkdirSync(workDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(workDir, 'edxml-'));
  const pending: PendingAttachment[] = [];
  try {
    const root = await parseXmlStream(input, {
      maxKeptChars: limits.maxHeaderChars,
      maxElements: 20_000,
      maxDepth: 32,
      sinkFor: (node, parents, inherited) => {
        if (parents.length === 0 && node.uri !== NS) {
          throw new EdxmlError('EDXML_WRONG_NAMESPACE', `Phần tử gốc ${node.local} không thuộc không gian tên ${NS} của QCVN 102:2016`);
        }
        const parent = parents[parents.length - 1];
        if (node.local === 'Attachment' && parent?.local === 'AttachmentEncoded') {
          if (pending.length >= limits.maxAttachments) throw new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', 'Gói tin có quá nhiều tệp đính kèm');
          const sink = new Base64FileSink(path.join(dir, `encoded-${pending.length}`), limits.maxAttachmentBytes);
          pending.push({ node, sink });
          return sink;
        }
        return node.local === 'Value' && parent?.local === 'Attachment' ? inherited : null;
      },
    });
    for (const p of pending) p.sink.close();
    if (root.local === 'Status') return { kind: 'status', status: statusMessage(root), dir };
    const envelope = root.local === 'edXMLEnvelope' ? root : child(root, 'edXMLEnvelope', NS);
    if (root.local !== 'edXML' && root.local !== 'edXMLEnvelope') {
      throw new EdxmlError('EDXML_MALFORMED', `Phần tử gốc ${root.local} không phải gói edXML hay thông điệp trạng thái`);
    }
    const headerNode = child(envelope, 'edXMLHeader', NS);
    if (!headerNode) throw new EdxmlError('EDXML_MISSING_FIELD', 'Gói tin thiếu phần edXMLHeader');
    const wrappedStatus = child(headerNode, 'Status', NS);
    if (wrappedStatus) return { kind: 'status', status: statusMessage(wrappedStatus), dir };
    const message = messageHeader(child(headerNode, 'MessageHeader', NS));
    const traceList = child(headerNode, 'TraceHeaderList', NS);
    const traces = childrenNamed(traceList, 'TraceHeader', NS).map((t) => ({ organId: text(t, 'OrganId') ?? '', timestamp: text(t, 'Timestamp') ?? '' }));
    const manifest = child(child(envelope, 'edXMLBody', NS), 'edXMLManifest', NS);
    const references: AttachmentReference[] = childrenNamed(manifest, 'Reference', NS).map((r) => ({
      contentId: text(r, 'ContentId') ?? '',
      contentType: text(r, 'ContentType') ?? 'application/octet-stream',
      attachmentName: safeAttachmentName(text(r, 'AttachmentName') ?? text(r, 'ContentId') ?? 'tep-dinh-kem'),
      description: text(r, 'Description'),
    }));
    const attachments = await unpackAttachments(dir, references, pending, limits);
    return { kind: 'package', header: { message, business: business(traceList), traces, references: attachments.map(({ path: _p, size: _s, sha256: _h, ...ref }) => ref) }, attachments, dir };
  } catch (err) {
    for (const p of pending) p.sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function unpackAttachments(dir: string, references: AttachmentReference[], pending: PendingAttachment[], limits: ReadLimits): Promise<ReceivedAttachment[]> {
  const result: ReceivedAttachment[] = [];
  const used = new Set<AttachmentReference>();
  for (const [index, p] of pending.entries()) {
    p.sink.finish();
    const contentId = p.node.attrs.ContentId ?? text(p.node, 'ContentId');
    const ref = references.find((r) => r.contentId === contentId && !used.has(r)) ?? (contentId ? undefined : references[index]);
    if (ref) used.add(ref);
    const ownName = text(p.node, 'AttachmentName') ?? p.node.attrs.AttachmentName;
    const reference: AttachmentReference = ref ?? {
      contentId: contentId ?? `cid:${index + 1}`,
      contentType: text(p.node, 'ContentType') ?? 'application/octet-stream',
      attachmentName: safeAttachmentName(ownName ?? `tep-dinh-kem-${index + 1}`),
    };
    if (ownName) safeAttachmentName(ownName);
    const format = (text(p.node, 'Format') ?? 'zip').toLowerCase();
    const target = path.join(dir, `file-${index}`);
    if (looksLikeZip(p.sink.path)) {
      const unpacked = await unzipSingleFile(p.sink.path, target, limits.maxAttachmentBytes);
      result.push({ ...reference, path: target, size: unpacked.size, sha256: unpacked.sha256 });
    } else if (format === 'zip') {
      throw new EdxmlError('EDXML_BAD_ZIP', `Tệp đính kèm ${reference.attachmentName} khai báo nén zip nhưng không phải tệp zip`);
    } else {
      fs.renameSync(p.sink.path, target);
      result.push({ ...reference, path: target, size: p.sink.bytes, sha256: await sha256File(target) });
    }
    fs.rmSync(p.sink.path, { force: true });
  }
  const missing = references.filter((r) => !used.has(r) && !result.some((a) => a.contentId === r.contentId));
  if (missing.length) {
    throw new EdxmlError('EDXML_ATTACHMENT_MISMATCH', `Danh mục (manifest) nêu tệp ${missing[0].attachmentName} nhưng gói tin không có nội dung tệp đó`);
  }
  return result;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
