import { unsupported } from './errors';
import { name, PdfDict, PdfObject, PdfRef, PdfStream } from './objects';
import { PdfReader } from './reader';
import { serializeIndirect, serialize } from './serialize';

export interface UpdateObject {
  ref: PdfRef;
  value: PdfObject;
}

export interface IncrementalUpdate {
  /** Bytes to append after the source's last byte. */
  bytes: Buffer;
  /** Offsets (in the final file) of every object written. */
  offsets: Map<number, number>;
}

/** Allocates object numbers above everything the file already uses. */
export class ObjectAllocator {
  private next: number;
  constructor(reader: PdfReader) {
    this.next = reader.size;
  }
  alloc(): PdfRef {
    return new PdfRef(this.next++, 0);
  }
  get size(): number {
    return this.next;
  }
}

/**
 * Builds an incremental update (ISO 32000-1 §7.5.6): the given objects, then a cross-reference
 * section of the same kind as the last one, chained with /Prev. Nothing before the end of the
 * source is changed.
 */
export function buildIncrementalUpdate(
  reader: PdfReader,
  objects: UpdateObject[],
  allocator: ObjectAllocator,
  lastByte: number,
): IncrementalUpdate {
  const last = reader.revisions[reader.revisions.length - 1];
  const base = reader.source.size;
  // The appended part must start on a fresh line so the previous %%EOF stays a keyword.
  const lead = lastByte === 0x0a || lastByte === 0x0d ? '' : '\n';
  const chunks: Buffer[] = [Buffer.from(lead, 'latin1')];
  let pos = base + lead.length;
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.ref.num, pos);
    const b = serializeIndirect(o.ref.num, o.ref.gen, o.value);
    chunks.push(b);
    pos += b.length;
  }
  const trailer = new PdfDict();
  for (const k of ['Root', 'Info', 'ID']) {
    const v = last.trailer.get(k);
    if (v !== undefined) trailer.set(k, v);
  }
  if (!trailer.has('Root')) throw unsupported('trailer without /Root');
  trailer.set('Prev', last.startxref);
  const xrefOffset = pos;
  if (last.xrefKind === 'table') {
    trailer.set('Size', allocator.size);
    const gens = new Map(objects.map((o) => [o.ref.num, o.ref.gen] as const));
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    let text = 'xref\n0 1\n0000000000 65535 f\r\n';
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
      text += `${nums[i]} ${j - i + 1}\n`;
      for (let k = i; k <= j; k++) {
        text += `${String(offsets.get(nums[k])).padStart(10, '0')} ${String(gens.get(nums[k])).padStart(5, '0')} n\r\n`;
      }
      i = j + 1;
    }
    chunks.push(Buffer.from(`${text}trailer\n`, 'latin1'), serialize(trailer), Buffer.from(`\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  } else {
    const xrefRef = allocator.alloc();
    offsets.set(xrefRef.num, xrefOffset);
    const gens = new Map(objects.map((o) => [o.ref.num, o.ref.gen] as const));
    gens.set(xrefRef.num, 0);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const offW = Math.max(4, Math.ceil(Math.log2(xrefOffset + 1) / 8));
    const index: number[] = [];
    const rows: Buffer[] = [];
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
      index.push(nums[i], j - i + 1);
      for (let k = i; k <= j; k++) {
        const row = Buffer.alloc(1 + offW + 2);
        row[0] = 1;
        row.writeUIntBE(offsets.get(nums[k])!, 1, offW);
        row.writeUInt16BE(gens.get(nums[k])!, 1 + offW);
        rows.push(row);
      }
      i = j + 1;
    }
    trailer.set('Type', name('XRef')).set('Size', allocator.size).set('W', [1, offW, 2]).set('Index', index);
    const stm = PdfStream.ofData(trailer, Buffer.concat(rows));
    chunks.push(serializeIndirect(xrefRef.num, 0, stm), Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  }
  return { bytes: Buffer.concat(chunks), offsets };
}
