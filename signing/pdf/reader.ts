import { malformed, PdfError } from './errors';
import { decodeStreamData, MAX_DECODED } from './filters';
import { readIndirectObject } from './object-reader';
import { PdfDict, PdfObject, PdfRef, PdfStream } from './objects';
import { Parser } from './parser';
import { PdfSource } from './source';
import { findEofAfter, readStartxref, readXrefSection, XrefEntry, XrefKind, XrefSection } from './xref';

/** One revision = the original file or one incremental update. */
export interface PdfRevision {
  /** Offset of this revision's (main) cross-reference section, as written after `startxref`. */
  startxref: number;
  /** Offset just after this revision's `%%EOF` and its end-of-line. */
  endOffset: number;
  trailer: PdfDict;
  xrefKind: XrefKind;
  /** True when the trailer carries /XRefStm (a hybrid-reference file). */
  hybrid: boolean;
  /** Object numbers (in use or freed) that this revision's xref sections define; object 0, the free-list head, is left out. */
  objectNumbers: number[];
}

const MAX_SECTIONS = 10_000;
const CACHE_LIMIT = 2000;

export interface ResolveOptions {
  /** Index into `revisions` (0 = oldest); default: the newest. */
  revision?: number;
}

export class PdfReader {
  readonly revisions: PdfRevision[];
  /** Per revision, oldest first: the merged entries that revision defines. */
  private readonly entries: Map<number, XrefEntry>[];
  private readonly cache = new Map<string, PdfObject>();
  private readonly objStmCache = new Map<number, { offsets: number[]; nums: number[]; data: Buffer; first: number }>();
  private resolving = 0;

  private constructor(readonly source: PdfSource, revisions: PdfRevision[], entries: Map<number, XrefEntry>[]) {
    this.revisions = revisions;
    this.entries = entries;
  }

  static async open(src: PdfSource): Promise<PdfReader> {
    const head = (await src.read(0, 1024)).toString('latin1');
    if (!head.includes('%PDF-')) throw malformed('no %PDF header');
    const { startxref } = await readStartxref(src);
    // Lengths of xref streams must be direct; other indirect lengths are resolved later.
    const noIndirect = async (): Promise<PdfObject> => {
      throw malformed('indirect /Length in xref stream');
    };
    const sections: XrefSection[] = [];
    const seen = new Set<number>();
    let next: number | undefined = startxref;
    while (next !== undefined) {
      if (seen.has(next)) throw malformed(`/Prev loop at ${next}`);
      if (sections.length >= MAX_SECTIONS) throw malformed('too many xref sections');
      seen.add(next);
      const sec = await readXrefSection(src, next, noIndirect);
      const xs = sec.trailer.number('XRefStm');
      if (sec.kind === 'table' && xs !== undefined && !seen.has(xs)) {
        // Hybrid file: the table wins; the stream fills in what the table lacks or frees.
        seen.add(xs);
        const extra = await readXrefSection(src, xs, noIndirect);
        for (const [num, e] of extra.entries) {
          const own = sec.entries.get(num);
          if (!own || own.type === 'free') sec.entries.set(num, e);
        }
      }
      sections.push(sec);
      const prev = sec.trailer.get('Prev');
      if (prev === undefined || prev === null) next = undefined;
      else if (typeof prev === 'number' && Number.isSafeInteger(prev) && prev >= 0 && prev < src.size) next = prev;
      else throw malformed('bad /Prev');
    }
    if (sections[sections.length - 1].trailer.has('Encrypt') || sections[0].trailer.has('Encrypt')) {
      throw new PdfError('PDF_ENCRYPTED', 'Tệp PDF được mã hoá, không thể xử lý.', 'encrypted');
    }
    // Group sections newest-first into revisions. A /Prev pointing forward in the file is the
    // linearized first-page/main split: both halves form one revision.
    const groups: XrefSection[][] = [];
    for (const sec of sections) {
      const cur = groups[groups.length - 1];
      if (cur && sec.offset > cur[cur.length - 1].offset && sec.offset > cur[0].offset) cur.push(sec);
      else groups.push([sec]);
    }
    groups.reverse();
    const revisions: PdfRevision[] = [];
    const entries: Map<number, XrefEntry>[] = [];
    for (const g of groups) {
      const lastInFile = g.reduce((a, b) => (b.end > a.end ? b : a));
      const endOffset = await findEofAfter(src, lastInFile.end);
      const merged = new Map<number, XrefEntry>();
      // Within a group the first section (startxref target) takes precedence.
      for (let i = g.length - 1; i >= 0; i--) for (const [k, v] of g[i].entries) merged.set(k, v);
      const trailer = g[0].trailer.clone();
      for (let i = 1; i < g.length; i++) {
        for (const [k, v] of g[i].trailer.map) if (!trailer.has(k)) trailer.set(k, v);
      }
      revisions.push({
        startxref: g[0].offset,
        endOffset,
        trailer,
        xrefKind: g[0].kind,
        hybrid: g[0].trailer.has('XRefStm'),
        objectNumbers: [...merged.keys()].filter((n) => n !== 0).sort((a, b) => a - b),
      });
      entries.push(merged);
    }
    for (let i = 1; i < revisions.length; i++) {
      if (revisions[i].endOffset <= revisions[i - 1].endOffset) throw malformed('revisions out of order');
    }
    return new PdfReader(src, revisions, entries);
  }

  get trailer(): PdfDict {
    return this.revisions[this.revisions.length - 1].trailer;
  }

  /** Highest object number + 1 over all revisions (the next free object number). */
  get size(): number {
    let max = 0;
    for (const r of this.revisions) max = Math.max(max, r.trailer.number('Size') ?? 0);
    for (const e of this.entries) for (const k of e.keys()) max = Math.max(max, k + 1);
    return max;
  }

  /** Xref entry for `num` as of revision `rev` (searching back through older revisions). */
  entry(num: number, rev = this.revisions.length - 1): XrefEntry | undefined {
    for (let i = Math.min(rev, this.entries.length - 1); i >= 0; i--) {
      const e = this.entries[i].get(num);
      if (e) return e;
    }
    return undefined;
  }

  /** Follows references until a direct object; missing objects resolve to null (ISO 32000-1 §7.3.10). */
  async resolve(obj: PdfObject | undefined, opts: ResolveOptions = {}): Promise<PdfObject> {
    let cur: PdfObject = obj === undefined ? null : obj;
    for (let hops = 0; cur instanceof PdfRef; hops++) {
      if (hops > 32) throw malformed('reference chain too long');
      cur = await this.resolveRef(cur, opts.revision);
    }
    return cur;
  }

  async resolveDict(obj: PdfObject | undefined, opts: ResolveOptions = {}): Promise<PdfDict | undefined> {
    const v = await this.resolve(obj, opts);
    if (v instanceof PdfDict) return v;
    if (v instanceof PdfStream) return v.dict;
    return undefined;
  }

  /**
   * Cache key of the bytes an entry designates as of revision `rev`. Offsets are unique in a
   * file; a compressed object is keyed by the offset of its object stream *as of that revision*,
   * so an object stream redefined later never serves its old contents to a newer revision.
   */
  private entryKey(e: XrefEntry, rev: number): string | null {
    if (e.type === 'free') return null;
    if (e.type === 'offset') return `o${e.offset}`;
    const stm = this.entry(e.stream, rev);
    if (!stm || stm.type !== 'offset') return null;
    return `c${stm.offset}:${e.index}`;
  }

  /** True when object `num` designates the very same bytes in both revisions (same value, no read needed). */
  sameBytes(num: number, revA: number, revB: number): boolean {
    const a = this.entry(num, revA);
    const b = this.entry(num, revB);
    if (!a || !b) return !a && !b;
    if (a.type === 'free' || b.type === 'free') return a.type === b.type;
    const ka = this.entryKey(a, revA);
    return ka !== null && ka === this.entryKey(b, revB);
  }

  private async resolveRef(ref: PdfRef, revision?: number): Promise<PdfObject> {
    const rev = revision ?? this.revisions.length - 1;
    const e = this.entry(ref.num, rev);
    if (!e || e.type === 'free') return null;
    const key = this.entryKey(e, rev);
    if (key === null) throw malformed(`object stream of object ${ref.num} missing`);
    // A stream whose /Length is indirect depends on the revision it is read in.
    const hit = this.cache.get(key) ?? this.cache.get(`${key}@${rev}`);
    if (hit !== undefined) return hit;
    if (this.resolving > 16) throw malformed('object resolution nested too deeply');
    this.resolving++;
    try {
      let value: PdfObject;
      if (e.type === 'offset') {
        const io = await readIndirectObject(this.source, e.offset, (r) => this.resolve(r, { revision: rev }));
        if (io.num !== ref.num) throw malformed(`xref offset for object ${ref.num} points at object ${io.num}`);
        value = io.obj;
      } else {
        value = await this.fromObjectStream(e.stream, e.index, ref.num, rev);
      }
      if (this.cache.size > CACHE_LIMIT) this.cache.clear();
      const revDependent = value instanceof PdfStream && value.dict.get('Length') instanceof PdfRef;
      this.cache.set(revDependent ? `${key}@${rev}` : key, value);
      return value;
    } finally {
      this.resolving--;
    }
  }

  private async fromObjectStream(stmNum: number, index: number, num: number, rev: number): Promise<PdfObject> {
    const stmEntry = this.entry(stmNum, rev);
    if (!stmEntry || stmEntry.type !== 'offset') throw malformed(`object stream ${stmNum} missing`);
    // Keyed by where the stream is, not by its number: a later revision may redefine the number.
    let os = this.objStmCache.get(stmEntry.offset);
    if (!os) {
      const stm = await this.resolve(new PdfRef(stmNum), { revision: rev });
      if (!(stm instanceof PdfStream) || stm.dict.name('Type') !== 'ObjStm') throw malformed(`object stream ${stmNum} missing`);
      const n = stm.dict.number('N') ?? -1;
      const first = stm.dict.number('First') ?? -1;
      if (n < 0 || n > 1_000_000 || first < 0) throw malformed('bad object stream header');
      const data = await this.readStreamData(stm, MAX_DECODED, { revision: rev });
      const p = new Parser(data, 0, true);
      const nums: number[] = [];
      const offsets: number[] = [];
      for (let i = 0; i < n; i++) {
        nums.push(p.readInt());
        offsets.push(p.readInt());
      }
      os = { nums, offsets, data, first };
      if (this.objStmCache.size > 32) this.objStmCache.clear();
      this.objStmCache.set(stmEntry.offset, os);
    }
    let i = index;
    if (os.nums[i] !== num) i = os.nums.indexOf(num);
    if (i < 0) throw malformed(`object ${num} not in object stream ${stmNum}`);
    const p = new Parser(os.data, os.first + os.offsets[i], true);
    return p.parseObject();
  }

  /** Raw (still encoded) bytes of a stream read from the file. */
  async readRawStreamData(stream: PdfStream): Promise<Buffer> {
    if (stream.data) return stream.data;
    if (stream.length > MAX_DECODED) throw new PdfError('PDF_TOO_LARGE', 'Luồng dữ liệu trong PDF quá lớn.', 'raw stream too big');
    return this.source.read(stream.dataOffset, stream.length);
  }

  /** Decoded bytes; meant for small structural streams (content, xref, object streams). */
  async readStreamData(stream: PdfStream, maxOut = MAX_DECODED, opts: ResolveOptions = {}): Promise<Buffer> {
    const raw = await this.readRawStreamData(stream);
    const dict = new PdfDict(stream.dict.map);
    for (const k of ['Filter', 'DecodeParms']) dict.set(k, await this.resolve(stream.dict.get(k), opts));
    const parms = dict.get('DecodeParms');
    if (Array.isArray(parms)) dict.set('DecodeParms', await Promise.all(parms.map((x) => this.resolve(x, opts))));
    return decodeStreamData(dict, raw, maxOut);
  }

  async catalog(opts: ResolveOptions = {}): Promise<PdfDict> {
    const rev = opts.revision ?? this.revisions.length - 1;
    const root = await this.resolveDict(this.revisions[rev].trailer.get('Root'), { revision: rev });
    if (!root) throw malformed('no document catalog');
    return root;
  }

  /** Page references in document order, walking the page tree (loop-safe). */
  async pages(opts: ResolveOptions = {}): Promise<PdfRef[]> {
    const cat = await this.catalog(opts);
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = async (node: PdfObject | undefined, depth: number): Promise<void> => {
      if (!(node instanceof PdfRef)) throw malformed('page tree node is not a reference');
      if (seen.has(node.num) || depth > 64) throw malformed('page tree loop');
      seen.add(node.num);
      const d = await this.resolveDict(node, opts);
      if (!d) throw malformed('page tree node missing');
      const kids = await this.resolve(d.get('Kids'), opts);
      if (d.name('Type') === 'Page' || (!Array.isArray(kids) && !d.name('Type'))) {
        out.push(node);
        return;
      }
      if (!Array.isArray(kids)) throw malformed('page tree node without /Kids');
      for (const k of kids) await walk(k, depth + 1);
    };
    await walk(cat.get('Pages'), 0);
    return out;
  }

  /** Inherited page attribute (/MediaBox, /Resources, /Rotate, /CropBox). */
  async inheritedPageAttr(page: PdfDict, key: string, opts: ResolveOptions = {}): Promise<PdfObject | undefined> {
    let node: PdfDict | undefined = page;
    for (let i = 0; node && i < 64; i++) {
      if (node.has(key)) return this.resolve(node.get(key), opts);
      node = await this.resolveDict(node.get('Parent'), opts);
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
