import { AsyncResource } from 'node:async_hooks';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { isStorageError } from '../../storage';
import { AppError } from '../shared/errors';

export interface FilePartInfo {
  filename: string;
  mimeType: string;
}

export interface FilePartSpec<F> {
  maxBytes: number;
  /**
   * Consumes the part's stream (to memory, to the blob store…). The stream errors with
   * PAYLOAD_TOO_LARGE past maxBytes and is destroyed if the request is cut off, so `store`
   * only has to propagate stream errors.
   */
  store: (stream: Readable, info: FilePartInfo) => Promise<F>;
}

export interface MultipartSpec<F> {
  files: Record<string, FilePartSpec<F>>;
  maxFields?: number;
  maxFieldBytes?: number;
  /** Called with the fields seen before each file part: throwing rejects the file before a byte is kept. */
  beforeFile?: (part: string, fields: Record<string, string>) => void;
}

export interface ReceivedFile<F> {
  value: F;
  filename: string;
}

export interface MultipartForm<F> {
  fields: Record<string, string>;
  files: Record<string, ReceivedFile<F>>;
}

const MAX_FILE_NAME = 255;

const invalid = (why: string) => new AppError('INVALID_MULTIPART', `Dữ liệu multipart không hợp lệ: ${why}`);
const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', maxBytes >= 1048576 ? `Tệp vượt quá giới hạn ${Math.round(maxBytes / 1048576)} MB` : `Tệp vượt quá ${Math.round(maxBytes / 1024)} KB`);

// Coded failures (ours, the blob store's) keep their code; raw stream errors mean a broken body.
const asFailure = (err: unknown) => (err instanceof AppError || isStorageError(err) ? err : invalid('nội dung bị cắt ngang'));

/** A safe display name: no directories, no control characters, at most 255 characters. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw ?? '').replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name.length > MAX_FILE_NAME) throw new AppError('VALIDATION_FAILED', `Tên tệp quá dài (tối đa ${MAX_FILE_NAME} ký tự)`);
  return name || fallback;
}

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

/**
 * The one way the server reads multipart bodies. Whatever the client sends — a body cut off, a
 * missing boundary, a part header that never ends, too many parts, an oversized file — ends as a
 * coded AppError, never as an unhandled stream error; every file consumer has settled (so no temp
 * file is still being written) before the promise settles.
 */
export function readMultipart<F>(req: Request, spec: MultipartSpec<F>): Promise<MultipartForm<F>> {
  if (!isMultipart(req)) return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Yêu cầu phải gửi dạng multipart/form-data'));
  const fileNames = Object.keys(spec.files);
  const maxFields = spec.maxFields ?? 20;
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: {
        fileSize: Math.max(...fileNames.map((n) => spec.files[n].maxBytes)) + 1,
        files: fileNames.length,
        fields: maxFields,
        fieldSize: spec.maxFieldBytes ?? 1024 * 1024,
        parts: fileNames.length + maxFields,
        headerPairs: 20,
      },
    });
  } catch {
    return Promise.reject(invalid('thiếu hoặc sai tham số boundary'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: Record<string, ReceivedFile<F>> = {};
    const pending: Promise<void>[] = [];
    let failure: unknown = null;
    let settled = false;

    const settle = async () => {
      if (settled) return;
      settled = true;
      await Promise.allSettled(pending);
      if (failure) reject(failure);
      else resolve({ fields, files });
    };
    // Any failure stops reading at once; the unread rest of the body is discarded by Node.
    const abort = (err: unknown) => {
      failure ??= err;
      req.unpipe(bb);
      bb.destroy();
      void settle();
    };

    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return abort(new AppError('PAYLOAD_TOO_LARGE', `Trường ${name.slice(0, 40)} quá dài`));
      fields[name] = value;
    });
    // Bound to the request's context: busboy emits from the socket's, where the request id is unknown.
    bb.on('file', AsyncResource.bind((name: string, stream: Readable, info: busboy.FileInfo) => {
      stream.on('error', () => undefined); // reported through the consumer's promise or `abort`
      const part = spec.files[name];
      if (!part || files[name] || failure) {
        stream.resume();
        return;
      }
      let filename: string;
      try {
        filename = cleanFileName(info.filename, name);
        spec.beforeFile?.(name, fields);
      } catch (err) {
        stream.resume();
        return abort(err);
      }
      let size = 0;
      const limiter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size <= part.maxBytes) return done(null, chunk);
          const err = tooLarge(part.maxBytes);
          abort(err);
          done(err);
        },
      });
      pipeline(stream, limiter).catch((err) => abort(asFailure(err)));
      pending.push(
        part.store(limiter, { filename, mimeType: info.mimeType }).then(
          (value) => {
            files[name] = { value, filename };
          },
          (err) => abort(asFailure(err)),
        ),
      );
    }));
    const limit = (what: string) => () => abort(new AppError('PAYLOAD_TOO_LARGE', `Quá nhiều ${what} trong yêu cầu`));
    bb.on('filesLimit', limit('tệp'));
    bb.on('fieldsLimit', limit('trường'));
    bb.on('partsLimit', limit('phần'));
    bb.on('error', (err: Error) => abort(invalid(/end of (form|file)/i.test(err.message) ? 'nội dung bị cắt ngang' : 'định dạng sai')));
    bb.on('close', () => void settle());
    req.on('error', () => abort(new AppError('REQUEST_ABORTED', 'Kết nối bị ngắt trước khi gửi xong')));
    req.on('close', () => {
      if (!req.complete) abort(new AppError('REQUEST_ABORTED', 'Kết nối bị ngắt trước khi gửi xong'));
    });
    req.pipe(bb);
  });
}

/** Collects a small file part in memory (certificates, images). */
export async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
