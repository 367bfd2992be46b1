/**
 * A strict DER reader for the CMS fast path (cms-der.ts). It accepts only what asn1js would read
 * and re-encode to the same bytes (definite minimal lengths, low tag numbers, the universal types
 * listed below in their DER forms), so that bytes copied out of a structure equal what the pkijs
 * path gets by parsing and re-encoding them. Anything else is refused (null / false) and the
 * caller falls back to asn1js/pkijs.
 */

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset after the last content byte. */
  end: number;
}

/** One TLV at `at` within `limit`, or null unless it is DER: low tag number, definite minimal length. */
export function readTlv(buf: Buffer, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) return null; // high tag numbers: asn1js may re-encode them differently
  let len = buf[at + 1];
  let pos = at + 2;
  if (len >= 0x80) {
    const n = len & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length bytes cannot fit a Buffer anyway.
    if (n === 0 || n > 4 || pos + n > limit || buf[pos] === 0) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
    if (len < 0x80) return null; // long form where the short one fits: not DER
    pos += n;
  }
  const end = pos + len;
  if (end > limit) return null;
  return { tag, start: at, contentStart: pos, end };
}

/** The TLVs that exactly fill `parent`'s contents, or null. */
export function childrenOf(buf: Buffer, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const t = readTlv(buf, at, parent.end);
    if (!t) return null;
    out.push(t);
    at = t.end;
  }
  return out;
}

export function contents(buf: Buffer, t: Tlv): Buffer {
  return buf.subarray(t.contentStart, t.end);
}

export function whole(buf: Buffer, t: Tlv): Buffer {
  return buf.subarray(t.start, t.end);
}

/**
 * Dotted string of an OBJECT IDENTIFIER's contents, as asn1js prints it; null when not DER
 * (empty, a sub-identifier padded with 0x80, one cut short) or a sub-identifier above 2^49
 * (asn1js switches to hex for those; no algorithm or attribute we read has one).
 */
export function oidString(buf: Buffer, t: Tlv): string | null {
  if (t.tag !== 0x06 || t.end === t.contentStart) return null;
  const parts: number[] = [];
  let value = 0;
  let bytes = 0;
  for (let i = t.contentStart; i < t.end; i++) {
    const b = buf[i];
    if (bytes === 0 && b === 0x80) return null;
    value = value * 128 + (b & 0x7f);
    bytes += 1;
    if (bytes > 7) return null;
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
      bytes = 0;
    }
  }
  if (bytes !== 0) return null;
  const first = parts[0];
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts.slice(1)].join('.');
}

const UTC_TIME = /^\d{12}Z$/;
const GENERALIZED_TIME = /^\d{14}(\.\d*[1-9])?Z$/;

/** Universal primitive types asn1js reads and re-encodes verbatim in these DER forms. */
function primitiveOk(buf: Buffer, t: Tlv): boolean {
  const len = t.end - t.contentStart;
  switch (t.tag) {
    case 0x01: // BOOLEAN
      return len === 1;
    case 0x02: // INTEGER
    case 0x0a: // ENUMERATED
      return len >= 1;
    case 0x03: // BIT STRING: the unused-bits count, then the bits
      return len >= 1 && buf[t.contentStart] <= 7 && (len > 1 || buf[t.contentStart] === 0);
    case 0x04: // OCTET STRING
      return true;
    case 0x05: // NULL: asn1js writes 05 00 whatever it read
      return len === 0;
    case 0x06:
      return oidString(buf, t) !== null;
    case 0x17:
      return UTC_TIME.test(contents(buf, t).toString('latin1'));
    case 0x18:
      return GENERALIZED_TIME.test(contents(buf, t).toString('latin1'));
    case 0x1e: // BMPString: UTF-16 code units
      return len % 2 === 0;
    case 0x1c: // UniversalString: asn1js reads it as 32-bit units and throws otherwise
      return len % 4 === 0;
    case 0x0c: // UTF8String
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x14: // TeletexString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      return true;
    default:
      return false;
  }
}

/** Far deeper than any CMS nests (a timestamp token inside a signature is about 15 levels). */
const MAX_DEPTH = 48;

/**
 * Whether the whole tree under `t` is DER of the kinds above: constructed universal types only
 * SEQUENCE and SET (constructed strings are BER, but for the one case below), other universal types as primitiveOk says,
 * context, application and private tags with any contents.
 */
export function isPlainDer(buf: Buffer, t: Tlv, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false; // no stack overflow on hostile nesting: pkijs decides
  const constructed = (t.tag & 0x20) !== 0;
  const universal = (t.tag & 0xc0) === 0;
  if (!constructed) return universal ? primitiveOk(buf, t) : true;
  const kids = childrenOf(buf, t);
  // One BER form is allowed: pkijs (our own TSA among others) writes a token's eContent as a
  // constructed OCTET STRING of primitive segments; asn1js reads and re-encodes it verbatim.
  if (t.tag === 0x24) return !!kids && kids.length > 0 && kids.every((k) => k.tag === 0x04);
  if (universal && t.tag !== 0x30 && t.tag !== 0x31) return false;
  return !!kids && kids.every((k) => isPlainDer(buf, k, depth + 1));
}
