import { PdfDict, PdfName, PdfObject, PdfRef, PdfStream, PdfString } from './objects';

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError('non-finite number in PDF object');
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function nameToken(v: string): string {
  let out = '/';
  for (const ch of Buffer.from(v, 'latin1')) {
    const regular = ch > 0x20 && ch < 0x7f && !'()<>[]{}/%#'.includes(String.fromCharCode(ch));
    out += regular ? String.fromCharCode(ch) : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function stringToken(s: PdfString): string {
  if (s.hex) return `<${s.bytes.toString('hex')}>`;
  let out = '(';
  for (const ch of s.bytes) {
    if (ch === 0x28 || ch === 0x29 || ch === 0x5c) out += `\\${String.fromCharCode(ch)}`;
    else if (ch < 0x20 || ch > 0x7e) out += `\\${ch.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(ch);
  }
  return `${out})`;
}

/** Serializes a direct object (a stream yields dict + stream keyword + data + endstream). */
export function serialize(obj: PdfObject): Buffer {
  if (obj instanceof PdfStream) {
    if (!obj.data) throw new Error('cannot serialize a stream that lives in the source file');
    const dict = obj.dict.clone().set('Length', obj.data.length);
    return Buffer.concat([Buffer.from(`${toText(dict)}\nstream\n`, 'latin1'), obj.data, Buffer.from('\nendstream', 'latin1')]);
  }
  return Buffer.from(toText(obj), 'latin1');
}

function toText(obj: PdfObject): string {
  if (obj === null) return 'null';
  if (typeof obj === 'boolean') return obj ? 'true' : 'false';
  if (typeof obj === 'number') return formatNumber(obj);
  if (obj instanceof PdfName) return nameToken(obj.value);
  if (obj instanceof PdfString) return stringToken(obj);
  if (obj instanceof PdfRef) return `${obj.num} ${obj.gen} R`;
  if (Array.isArray(obj)) return `[${obj.map(toText).join(' ')}]`;
  if (obj instanceof PdfDict) {
    const parts: string[] = [];
    for (const [k, v] of obj.map) parts.push(`${nameToken(k)} ${toText(v)}`);
    return `<<${parts.join(' ')}>>`;
  }
  throw new Error('streams must be indirect objects');
}

export function serializeIndirect(num: number, gen: number, obj: PdfObject): Buffer {
  return Buffer.concat([Buffer.from(`${num} ${gen} obj\n`, 'latin1'), serialize(obj), Buffer.from('\nendobj\n', 'latin1')]);
}
