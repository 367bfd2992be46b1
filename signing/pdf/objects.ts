/** In-memory model of PDF objects (ISO 32000-1 §7.3). */

export class PdfName {
  constructor(readonly value: string) {}
  toString(): string {
    return `/${this.value}`;
  }
}

export class PdfString {
  /** `hex` only records how the string was written, so it can be written back the same way. */
  constructor(readonly bytes: Buffer, readonly hex = false) {}
  /** Decodes PDFDocEncoding (approximated by latin1) or UTF-16BE with BOM. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      const swapped = Buffer.from(b.subarray(2));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
    return b.toString('latin1');
  }
  /** PDF text string: latin1 when possible, otherwise UTF-16BE with BOM. */
  static fromText(s: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'));
    const le = Buffer.from(s, 'utf16le');
    le.swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), le]), true);
  }
}

export class PdfRef {
  constructor(readonly num: number, readonly gen = 0) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfDict {
  readonly map: Map<string, PdfObject>;
  constructor(entries?: Iterable<[string, PdfObject]>) {
    this.map = new Map(entries ?? []);
  }
  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfObject): this {
    this.map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  /** Name value of `key` without the slash, or undefined. */
  name(key: string): string | undefined {
    const v = this.map.get(key);
    return v instanceof PdfName ? v.value : undefined;
  }
  number(key: string): number | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? v : undefined;
  }
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
}

/**
 * A stream: either read from a file (`dataOffset`/`length` locate the raw bytes)
 * or built in memory (`data` holds the raw, already-encoded bytes).
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly dataOffset: number,
    readonly length: number,
    readonly data?: Buffer,
  ) {}
  static ofData(dict: PdfDict, data: Buffer): PdfStream {
    return new PdfStream(dict, -1, data.length, data);
  }
}

export type PdfArray = PdfObject[];

export type PdfObject =
  | PdfDict
  | PdfArray
  | PdfName
  | PdfString
  | PdfRef
  | PdfStream
  | number
  | boolean
  | null;

export const name = (v: string): PdfName => new PdfName(v);

export function isDict(o: PdfObject | undefined): o is PdfDict {
  return o instanceof PdfDict;
}
