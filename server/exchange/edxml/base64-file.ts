import fs from 'node:fs';
import { EdxmlError } from './edxml-error';
import type { TextSink } from './xml-stream';

const INVALID = /[^A-Za-z0-9+/=\s]/;
const WHITESPACE = /\s+/g;

/**
 * Decodes base64 text into a file as it arrives, checking it strictly (Node's own decoder silently
 * skips garbage): only the base64 alphabet, padding only at the very end, a whole number of quads.
 */
export class Base64FileSink implements TextSink {
  private fd: number;
  private carry = '';
  private padded = false;
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
  ) {
    this.fd = fs.openSync(path, 'wx', 0o600);
  }

  write(text: string): void {
    if (INVALID.test(text)) throw new EdxmlError('EDXML_BAD_BASE64', 'Tệp đính kèm mã hoá base64 không hợp lệ (có ký tự lạ)');
    const clean = text.replace(WHITESPACE, '');
    if (!clean) return;
    if (this.padded) throw new EdxmlError('EDXML_BAD_BASE64', 'Tệp đính kèm mã hoá base64 không hợp lệ (dữ liệu sau ký tự đệm)');
    const pad = clean.indexOf('=');
    if (pad >= 0) {
      for (let i = pad; i < clean.length; i += 1) {
        if (clean[i] !== '=') throw new EdxmlError('EDXML_BAD_BASE64', 'Tệp đính kèm mã hoá base64 không hợp lệ (ký tự đệm ở giữa)');
      }
      this.padded = true;
    }
    const all = this.carry + clean;
    const whole = all.length - (all.length % 4);
    this.carry = all.slice(whole);
    if (whole === 0) return;
    const quads = all.slice(0, whole);
    if (quads.endsWith('===')) throw new EdxmlError('EDXML_BAD_BASE64', 'Tệp đính kèm mã hoá base64 không hợp lệ (thừa ký tự đệm)');
    const bytes = Buffer.from(quads, 'base64');
    this.bytes += bytes.length;
    if (this.bytes > this.maxBytes) throw new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', 'Tệp đính kèm vượt quá dung lượng cho phép');
    fs.writeSync(this.fd, bytes);
  }

  /** Closes the file; a dangling partial quad means the text was cut. */
  finish(): void {
    this.close();
    if (this.carry.length) throw new EdxmlError('EDXML_BAD_BASE64', 'Tệp đính kèm mã hoá base64 bị cắt cụt (độ dài không hợp lệ)');
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** Encodes a byte stream to base64 text in pieces, carrying the bytes that do not fill a triple. */
export class Base64Encoder {
  private carry = Buffer.alloc(0);

  push(chunk: Uint8Array): string {
    const all = this.carry.length ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const whole = all.length - (all.length % 3);
    this.carry = Buffer.from(all.subarray(whole));
    return whole ? all.subarray(0, whole).toString('base64') : '';
  }

  end(): string {
    const rest = this.carry.toString('base64');
    this.carry = Buffer.alloc(0);
    return rest;
  }
}
