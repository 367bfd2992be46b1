import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import type { BlobInfo, BlobStore } from '../../storage';
import type { z } from 'zod';
import { parsePart } from '../http/api-router';
import { AppError } from '../shared/errors';

export interface UploadedFile {
  blob: BlobInfo;
  filename: string;
}

export interface ParsedUpload {
  fields: Record<string, string>;
  file: UploadedFile | null;
}

export interface UploadOptions {
  blobs: BlobStore;
  maxBytes: number;
  /** Called with the fields seen before the file: throwing rejects the file before a byte is stored. */
  beforeFile?: (fields: Record<string, string>) => void;
  /** Removes a stored file when a later part fails (the caller knows whether others share the blob). */
  discard: (key: string) => Promise<void>;
}

/** Fails the stream at once unless it starts like a PDF; deeper checks run once it is stored. */
class PdfHeaderCheck extends Transform {
  private head = Buffer.alloc(0);
  private checked = false;

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.checked) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 1024 && this.head.indexOf('%PDF-') < 0) return done();
      this.checked = true;
      if (this.head.subarray(0, 1024).indexOf('%PDF-') < 0) return done(new AppError('NOT_A_PDF', 'Tệp tải lên không phải PDF'));
      const buffered = this.head;
      this.head = Buffer.alloc(0);
      return done(null, buffered);
    }
    done(null, chunk);
  }

  _flush(done: TransformCallback): void {
    if (!this.checked) {
      if (this.head.indexOf('%PDF-') < 0) return done(new AppError('NOT_A_PDF', 'Tệp tải lên không phải PDF'));
      this.push(this.head);
    }
    done();
  }
}

/** Streams a multipart request: text fields are collected, the single `file` part goes straight to the blob store. */
export function parsePdfUpload(req: Request, opts: UploadOptions): Promise<ParsedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Yêu cầu phải gửi dạng multipart/form-data'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadedFile | null = null;
    let storing: Promise<void> | null = null;
    let failed: unknown = null;
    const bb = busboy({ headers: req.headers, limits: { fileSize: opts.maxBytes, files: 1, fields: 20, fieldSize: 1024 * 1024 } });
    const fail = (err: unknown) => {
      failed ??= err;
    };
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || failed) {
        stream.resume();
        return;
      }
      try {
        opts.beforeFile?.(fields);
      } catch (err) {
        fail(err);
        stream.resume();
        return;
      }
      stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `Tệp vượt quá giới hạn ${Math.round(opts.maxBytes / 1048576)} MB`)));
      const check = new PdfHeaderCheck();
      const stored = opts.blobs.put(check, { maxBytes: opts.maxBytes, contentType: 'application/pdf' });
      storing = Promise.all([pipeline(stream, check).catch((err) => {
        check.destroy(err);
        throw err;
      }), stored]).then(
        ([, blob]) => {
          file = { blob, filename: info.filename || 'van-ban.pdf' };
        },
        (err) => fail(err),
      );
    });
    bb.on('error', (err) => reject(new AppError('INVALID_FILE', `Dữ liệu multipart không hợp lệ: ${(err as Error).message}`)));
    bb.on('close', async () => {
      await storing;
      const current = file as UploadedFile | null;
      if (failed) {
        // A file stored before a later part failed validation is removed again.
        if (current) await opts.discard(current.blob.key).catch(() => undefined);
        reject(failed);
      } else resolve({ fields, file: current });
    });
    req.pipe(bb);
  });
}

/** The `meta` part (JSON) of a document upload, validated; without `required`, a missing part counts as `{}`. */
export function parseMetaField<T extends z.ZodType>(schema: T, fields: Record<string, string>, required = true): z.infer<T> {
  if (fields.meta === undefined && required) throw new AppError('VALIDATION_FAILED', 'Thiếu trường meta (JSON mô tả văn bản)');
  let raw: unknown = {};
  if (fields.meta !== undefined) {
    try {
      raw = JSON.parse(fields.meta);
    } catch {
      throw new AppError('INVALID_JSON', 'Trường meta không phải JSON hợp lệ');
    }
  }
  return parsePart(schema, raw, 'meta');
}
