import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../shared/errors';

export interface SmallMultipart {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

/** Reads a multipart request whose files are small (certificates, images) into memory, with a hard cap. */
export function readSmallMultipart(req: Request, maxBytes: number): Promise<SmallMultipart> {
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Yêu cầu phải gửi dạng multipart/form-data'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: Record<string, Buffer> = {};
    let tooLarge = false;
    const bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 3, fields: 20 } });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        files[name] = Buffer.concat(chunks);
      });
    });
    bb.on('error', (err) => reject(new AppError('INVALID_FILE', `Dữ liệu multipart không hợp lệ: ${(err as Error).message}`)));
    bb.on('close', () => (tooLarge ? reject(new AppError('PAYLOAD_TOO_LARGE', `Tệp vượt quá ${Math.round(maxBytes / 1024)} KB`)) : resolve({ fields, files })));
    req.pipe(bb);
  });
}

export function requireFilePart(parts: SmallMultipart, name: string, label: string): Buffer {
  const file = parts.files[name];
  if (!file || file.length === 0) throw new AppError('VALIDATION_FAILED', `Thiếu tệp ${label} (trường ${name})`);
  return file;
}
