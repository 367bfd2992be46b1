/** PEM/DER conversions shared by the signing libraries. */

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every block with the given label, in order (a chain file yields several). */
export function pemToDers(pem: string, label = 'CERTIFICATE'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const out: Buffer[] = [];
  for (let m = re.exec(pem); m; m = re.exec(pem)) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  return out;
}

export function pemToDer(pem: string, label = 'CERTIFICATE'): Buffer {
  const blocks = pemToDers(pem, label);
  if (blocks.length === 0) throw new Error(`no PEM block labelled ${label}`);
  return blocks[0];
}

/** A standalone ArrayBuffer copy: asn1js/pkijs read the whole underlying buffer, not the view. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

/** A DER TLV: the tag, the definite length, the contents. */
export function derTlv(tag: number, body: Buffer): Buffer {
  const len = body.length;
  const bytes: number[] = [];
  for (let l = len; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  const header = len < 0x80 ? [tag, len] : [tag, 0x80 | bytes.length, ...bytes];
  return Buffer.concat([Buffer.from(header), body]);
}
