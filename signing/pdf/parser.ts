import { malformed } from './errors';
import { PdfDict, PdfName, PdfObject, PdfRef, PdfString } from './objects';

/** Thrown when a parse runs off the end of the window; the caller retries with more bytes. */
export class NeedMoreData extends Error {
  constructor() {
    super('need more data');
  }
}

const MAX_DEPTH = 100;

export function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

export function isDelim(c: number): boolean {
  return (
    c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d ||
    c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25
  );
}

/**
 * Tokenizing parser over a window of bytes. `atEnd` tells whether the window ends where
 * the source ends (then running out is malformed input, not a reason to read more).
 */
export class Parser {
  pos: number;
  constructor(readonly buf: Buffer, pos = 0, readonly atEnd = true) {
    this.pos = pos;
  }

  private eof(): never {
    if (this.atEnd) throw malformed('unexpected end of data');
    throw new NeedMoreData();
  }

  skipWhite(): void {
    const b = this.buf;
    for (;;) {
      if (this.pos >= b.length) return;
      const c = b[this.pos];
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
  }

  /** Reads a bare keyword or number token (no delimiters). */
  regularToken(): string {
    this.skipWhite();
    const b = this.buf;
    const start = this.pos;
    while (this.pos < b.length && !isWhite(b[this.pos]) && !isDelim(b[this.pos])) this.pos++;
    if (this.pos === b.length && !this.atEnd) throw new NeedMoreData();
    return b.toString('latin1', start, this.pos);
  }

  expectKeyword(kw: string): void {
    const t = this.regularToken();
    if (t !== kw) throw malformed(`expected ${kw}, got ${JSON.stringify(t.slice(0, 20))}`);
  }

  readInt(): number {
    const t = this.regularToken();
    if (!/^[+-]?\d+$/.test(t)) throw malformed(`expected integer, got ${JSON.stringify(t.slice(0, 20))}`);
    return parseInt(t, 10);
  }

  parseObject(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) throw malformed('objects nested too deeply');
    this.skipWhite();
    const b = this.buf;
    if (this.pos >= b.length) this.eof();
    const c = b[this.pos];
    if (c === 0x2f) return this.parseName();
    if (c === 0x28) return this.parseLiteralString();
    if (c === 0x3c) {
      if (this.pos + 1 >= b.length) this.eof();
      if (b[this.pos + 1] === 0x3c) return this.parseDict(depth);
      return this.parseHexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfObject[] = [];
      for (;;) {
        this.skipWhite();
        if (this.pos >= b.length) this.eof();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        arr.push(this.parseObject(depth + 1));
      }
    }
    const tok = this.regularToken();
    if (tok === '') throw malformed(`unexpected byte 0x${c.toString(16)} at ${this.pos}`);
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (tok === 'null') return null;
    if (/^[+-]?\d+$/.test(tok)) {
      // Look ahead for "gen R" to form an indirect reference.
      const save = this.pos;
      try {
        this.skipWhite();
        const gen = this.regularToken();
        if (/^\d+$/.test(gen)) {
          this.skipWhite();
          const r = this.regularToken();
          if (r === 'R') return new PdfRef(parseInt(tok, 10), parseInt(gen, 10));
        }
      } catch (e) {
        if (!(e instanceof NeedMoreData)) throw e;
        if (!this.atEnd) throw e;
      }
      this.pos = save;
      return parseInt(tok, 10);
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(tok)) return parseFloat(tok);
    throw malformed(`unexpected token ${JSON.stringify(tok.slice(0, 20))}`);
  }

  private parseName(): PdfName {
    const b = this.buf;
    this.pos++;
    const start = this.pos;
    while (this.pos < b.length && !isWhite(b[this.pos]) && !isDelim(b[this.pos])) this.pos++;
    if (this.pos === b.length && !this.atEnd) throw new NeedMoreData();
    const raw = b.toString('latin1', start, this.pos);
    return new PdfName(raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
  }

  private parseDict(depth: number): PdfDict {
    const b = this.buf;
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      this.skipWhite();
      if (this.pos + 1 >= b.length) this.eof();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return d;
      }
      if (b[this.pos] !== 0x2f) throw malformed(`dictionary key expected at ${this.pos}`);
      const key = this.parseName().value;
      d.set(key, this.parseObject(depth + 1));
    }
  }

  private parseHexString(): PdfString {
    const b = this.buf;
    this.pos++;
    const start = this.pos;
    const end = b.indexOf(0x3e, start);
    if (end < 0) this.eof();
    let hex = b.toString('latin1', start, end).replace(/[^0-9a-fA-F]/g, '');
    if (hex.length % 2) hex += '0';
    this.pos = end + 1;
    return new PdfString(Buffer.from(hex, 'hex'), true);
  }

  private parseLiteralString(): PdfString {
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      if (this.pos >= b.length) this.eof();
      const c = b[this.pos++];
      if (c === 0x5c) {
        if (this.pos >= b.length) this.eof();
        const e = b[this.pos++];
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (e in simple) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && this.pos < b.length && b[this.pos] >= 0x30 && b[this.pos] <= 0x37; i++) {
            v = v * 8 + (b[this.pos++] - 0x30);
          }
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) return new PdfString(Buffer.from(out));
        out.push(c);
      } else out.push(c);
    }
  }
}
