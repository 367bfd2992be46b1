import * as asn1js from 'asn1js';
import { toArrayBuffer } from './der';

/** DER named BIT STRING (X.680 §22.7): trailing zero bits are dropped and counted in `unusedBits`. */
export function namedBitString(bits: number[]): asn1js.BitString {
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new ArrayBuffer(0), unusedBits: 0 });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: 7 - (highest & 7) });
}
