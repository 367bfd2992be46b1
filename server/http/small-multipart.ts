import type { Request } from 'express';
import { AppError } from '../shared/errors';
import { readMultipart, toBuffer } from './multipart';

export interface SmallMultipart {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

/** Reads a multipart request whose files are small (certificates, images) into memory, with a hard cap. */
export async function readSmallMultipart(req: Request, maxBytes: number, fileParts: string[]): Promise<SmallMultipart> {
  const spec = { maxBytes, store: toBuffer };
  const form = await readMultipart(req, { files: Object.fromEntries(fileParts.map((name) => [name, spec])) });
  return { fields: form.fields, files: Object.fromEntries(Object.entries(form.files).map(([name, f]) => [name, f.value])) };
}

export function requireFilePart(parts: SmallMultipart, name: string, label: string): Buffer {
  const file = parts.files[name];
  if (!file || file.length === 0) throw new AppError('VALIDATION_FAILED', `Thiếu tệp ${label} (trường ${name})`);
  return file;
}
