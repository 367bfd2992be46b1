import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { BlobInfo, BlobStore } from '../../storage';
import type { z } from 'zod';
import { parsePart } from '../http/api-router';
import { readMultipart } from '../http/multipart';
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
export async function parsePdfUpload(req: Request, opts: UploadOptions): Promise<ParsedUpload> {
  let stored: BlobInfo | null = null;
  try {
    const form = await readMultipart(req, {
      files: {
        file: {
          maxBytes: opts.maxBytes,
          store: async (stream) => {
            const check = new PdfHeaderCheck();
            // Both settle before the part counts as done, so no temp file is still open when the request ends.
            const [piped, put] = await Promise.allSettled([pipeline(stream, check), opts.blobs.put(check, { maxBytes: opts.maxBytes, contentType: 'application/pdf' })]);
            if (put.status === 'fulfilled') stored = put.value;
            if (piped.status === 'rejected') throw piped.reason;
            if (put.status === 'rejected') throw put.reason;
            return put.value;
          },
        },
      },
      beforeFile: (_part, fields) => opts.beforeFile?.(fields),
    });
    const file = form.files.file;
    return { fields: form.fields, file: file ? { blob: file.value, filename: file.filename === 'file' ? 'van-ban.pdf' : file.filename } : null };
  } catch (err) {
    // A file stored before a later part failed validation is released again.
    const blob = stored as BlobInfo | null;
    if (blob) await opts.discard(blob.key).catch(() => undefined);
    throw err;
  }
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
