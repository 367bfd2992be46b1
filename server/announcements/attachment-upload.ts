import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { BlobStore } from '../../storage';
import { countBlobReferences } from '../document-core/documents.repository';
import { AppError } from '../shared/errors';

export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The office formats an announcement carries; the type is decided by the name and checked against the first bytes. */
const KINDS: Record<string, { type: string; magic: Buffer[] }> = {
  pdf: { type: 'application/pdf', magic: [Buffer.from('%PDF-')] },
  png: { type: 'image/png', magic: [Buffer.from([0x89, 0x50, 0x4e, 0x47])] },
  jpg: { type: 'image/jpeg', magic: [Buffer.from([0xff, 0xd8, 0xff])] },
  jpeg: { type: 'image/jpeg', magic: [Buffer.from([0xff, 0xd8, 0xff])] },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [Buffer.from('PK\x03\x04')] },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [Buffer.from('PK\x03\x04')] },
  odt: { type: 'application/vnd.oasis.opendocument.text', magic: [Buffer.from('PK\x03\x04')] },
  ods: { type: 'application/vnd.oasis.opendocument.spreadsheet', magic: [Buffer.from('PK\x03\x04')] },
  doc: { type: 'application/msword', magic: [Buffer.from([0xd0, 0xcf, 0x11, 0xe0])] },
  xls: { type: 'application/vnd.ms-excel', magic: [Buffer.from([0xd0, 0xcf, 0x11, 0xe0])] },
  zip: { type: 'application/zip', magic: [Buffer.from('PK\x03\x04')] },
};
export const ACCEPTED_EXTENSIONS = Object.keys(KINDS);

export interface StoredAttachment {
  key: string;
  size: number;
  fileName: string;
  contentType: string;
}

/** Strips paths and control characters from a client-supplied name. */
export function safeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').trim().slice(0, 200);
  return clean || 'tep-dinh-kem';
}

function kindOf(fileName: string) {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const kind = KINDS[ext];
  if (!fileName.includes('.') || !kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Không nhận loại tệp "${fileName}". Chỉ nhận: ${ACCEPTED_EXTENSIONS.join(', ')}`);
  return kind;
}

/** Fails the stream unless its first bytes match the declared type. */
class MagicCheck extends Transform {
  private head = Buffer.alloc(0);
  private checked = false;
  constructor(private readonly magic: Buffer[], private readonly fileName: string) {
    super();
  }
  private verdict(): Error | null {
    return this.magic.some((m) => this.head.subarray(0, m.length).equals(m)) ? null : new AppError('INVALID_FILE', `Nội dung tệp "${this.fileName}" không đúng với loại tệp`);
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.checked) return done(null, chunk);
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 8) return done();
    this.checked = true;
    const err = this.verdict();
    if (err) return done(err);
    const buffered = this.head;
    this.head = Buffer.alloc(0);
    done(null, buffered);
  }
  _flush(done: TransformCallback): void {
    if (this.checked) return done();
    const err = this.verdict();
    if (err) return done(err);
    this.push(this.head);
    done();
  }
}

/** Deletes blobs stored for a request that then failed, unless something else uses the same bytes. */
export async function discardAttachments(db: Knex, blobs: BlobStore, keys: string[]): Promise<void> {
  for (const key of keys) {
    const [a] = await db('announcement_attachments').where({ file_key: key }).count<{ count: string }[]>({ count: '*' });
    if (Number(a.count) === 0 && (await countBlobReferences(db, key)) === 0) await blobs.delete(key);
  }
}

/** Streams a multipart announcement: the `meta` JSON field and up to five `files`, each straight into the blob store. */
export function readAnnouncementUpload(req: Request, db: Knex, blobs: BlobStore): Promise<{ meta: string | undefined; files: StoredAttachment[] }> {
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Yêu cầu phải gửi dạng JSON hoặc multipart/form-data'));
  }
  return new Promise((resolve, reject) => {
    let meta: string | undefined;
    const stored: Promise<StoredAttachment>[] = [];
    let failure: Error | null = null;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: MAX_ATTACHMENTS, fields: 5, fieldSize: 64 * 1024, fileSize: MAX_ATTACHMENT_BYTES + 1 } });
    } catch (err) {
      return reject(new AppError('INVALID_FILE', `Dữ liệu multipart không hợp lệ: ${(err as Error).message}`));
    }
    bb.on('field', (name, value) => {
      if (name === 'meta') meta = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'files' || failure) return void stream.resume();
      const fileName = safeFileName(info.filename ?? '');
      let kind: ReturnType<typeof kindOf>;
      try {
        kind = kindOf(fileName);
      } catch (err) {
        failure = err as Error;
        return void stream.resume();
      }
      const check = new MagicCheck(kind.magic, fileName);
      const put = blobs.put(check, { maxBytes: MAX_ATTACHMENT_BYTES, contentType: kind.type });
      const piped = pipeline(stream, check).catch((err: Error) => {
        failure ??= err;
        stream.resume();
      });
      stored.push(Promise.all([put, piped]).then(([blob]) => ({ key: blob.key, size: blob.size, fileName, contentType: kind.type })));
    });
    bb.on('filesLimit', () => {
      failure ??= new AppError('VALIDATION_FAILED', `Tối đa ${MAX_ATTACHMENTS} tệp đính kèm`);
    });
    bb.on('error', (err) => {
      failure ??= new AppError('INVALID_FILE', `Dữ liệu multipart không hợp lệ: ${(err as Error).message}`);
    });
    bb.on('close', async () => {
      const settled = await Promise.allSettled(stored);
      const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const firstError = failure ?? settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason;
      if (firstError) {
        await discardAttachments(db, blobs, ok.map((f) => f.key)).catch(() => undefined);
        const code = (firstError as { code?: string }).code;
        return reject(code === 'BLOB_TOO_LARGE' ? new AppError('PAYLOAD_TOO_LARGE', `Mỗi tệp đính kèm tối đa ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`) : firstError);
      }
      resolve({ meta, files: ok });
    });
    req.pipe(bb);
  });
}
