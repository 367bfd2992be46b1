import { PdfDict, PdfName, PdfObject, PdfReader, PdfRef, PdfStream, PdfString } from '../pdf';
import { ChangesAfter } from './report';

/** Ranking of change kinds: the report keeps the worst one. */
const RANK: Record<ChangesAfter, number> = { none: 0, signatures_only: 1, form_fill: 2, disallowed: 3 };

export function worse(a: ChangesAfter, b: ChangesAfter): ChangesAfter {
  return RANK[a] >= RANK[b] ? a : b;
}

export interface ChangeAnalysis {
  changes: ChangesAfter;
  /** English notes on what was found (for logs and the JSON report). */
  details: string[];
}

const MAX_COMPARE_STREAM = 4 * 1024 * 1024;
/** A signing or form-fill update touches a handful of objects; far more is a rewrite (or an attack on our time). */
const MAX_OBJECTS_PER_UPDATE = 50_000;
const SIG_FIELD_KEYS = new Set(['V', 'AP', 'AS', 'F', 'Lock', 'SV', 'P']);
const FILL_FIELD_KEYS = new Set(['V', 'AP', 'AS', 'MK']);
const FORM_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
const CATALOG_SIG_KEYS = new Set(['AcroForm', 'DSS', 'Perms', 'Extensions']);

/**
 * Classifies what revisions after `signedRev` changed, comparing each revision with the one
 * before it. Unknown kinds of change are 'disallowed': a verifier must fail closed.
 */
export async function analyseChangesAfter(reader: PdfReader, signedRev: number): Promise<ChangeAnalysis> {
  let changes: ChangesAfter = 'none';
  const details: string[] = [];
  const last = reader.revisions.length - 1;
  for (let r = signedRev + 1; r <= last; r++) {
    const res = await analyseRevision(reader, r);
    changes = worse(changes, res.changes === 'none' ? 'signatures_only' : res.changes);
    details.push(...res.details.map((d) => `revision ${r}: ${d}`));
  }
  return { changes, details };
}

async function analyseRevision(reader: PdfReader, r: number): Promise<ChangeAnalysis> {
  const prev = r - 1;
  const details: string[] = [];
  let changes: ChangesAfter = 'none';
  const flag = (c: ChangesAfter, why: string): void => {
    changes = worse(changes, c);
    if (c === 'disallowed' || c === 'form_fill') details.push(why);
  };
  const rootOld = reader.revisions[prev].trailer.get('Root');
  const rootNew = reader.revisions[r].trailer.get('Root');
  if (!(rootOld instanceof PdfRef) || !(rootNew instanceof PdfRef) || rootOld.num !== rootNew.num) {
    flag('disallowed', 'document catalog replaced');
    return { changes, details };
  }
  const ctx = new RevisionContext(reader, r);
  if (reader.revisions[r].objectNumbers.length > MAX_OBJECTS_PER_UPDATE) {
    flag('disallowed', `update redefines ${reader.revisions[r].objectNumbers.length} objects`);
    return { changes, details };
  }
  for (const num of reader.revisions[r].objectNumbers) {
    const eOld = reader.entry(num, prev);
    const eNew = reader.entry(num, r);
    if (eOld && eNew && JSON.stringify(eOld) === JSON.stringify(eNew)) continue;
    const existed = !!eOld && eOld.type !== 'free';
    if (!existed) continue; // new objects matter only through the existing objects that point at them
    const ref = new PdfRef(num);
    const before = await reader.resolve(ref, { revision: prev });
    const after = eNew?.type === 'free' ? null : await reader.resolve(ref, { revision: r });
    if (isStructural(before)) continue;
    if (after === null) {
      flag('disallowed', `object ${num} deleted`);
      continue;
    }
    if (await equalObjects(reader, before, after)) continue;
    flag(await ctx.classify(num, before, after), `object ${num} (${typeOf(after)}) changed`);
  }
  return { changes, details };
}

function isStructural(o: PdfObject): boolean {
  const t = o instanceof PdfStream ? o.dict.name('Type') : undefined;
  return t === 'XRef' || t === 'ObjStm';
}

function typeOf(o: PdfObject): string {
  const d = o instanceof PdfStream ? o.dict : o instanceof PdfDict ? o : undefined;
  return d?.name('Type') ?? d?.name('Subtype') ?? (o instanceof PdfStream ? 'stream' : Array.isArray(o) ? 'array' : 'object');
}

/** Facts about the newer revision, computed on demand. */
class RevisionContext {
  private apRefs?: Map<number, 'Sig' | 'fill'>;
  constructor(private readonly reader: PdfReader, private readonly rev: number) {}

  private opts(): { revision: number } {
    return { revision: this.rev };
  }

  async classify(num: number, before: PdfObject, after: PdfObject): Promise<ChangesAfter> {
    const r = this.reader;
    const catalogRef = r.revisions[this.rev].trailer.get('Root') as PdfRef;
    const infoRef = r.revisions[this.rev].trailer.get('Info');
    if (num === catalogRef.num) return this.catalogChange(before, after);
    // The Info dictionary and XMP metadata are not displayed content; signers routinely touch them.
    if (infoRef instanceof PdfRef && infoRef.num === num) return 'signatures_only';
    if (after instanceof PdfStream && after.dict.name('Type') === 'Metadata') return 'signatures_only';
    const catalog = await r.catalog(this.opts());
    const formRef = catalog.get('AcroForm');
    const dssRef = catalog.get('DSS');
    if (formRef instanceof PdfRef && formRef.num === num) return dictDiffWithin(before, after, FORM_KEYS) ? 'signatures_only' : 'disallowed';
    if (dssRef instanceof PdfRef && dssRef.num === num) return 'signatures_only';
    if (after instanceof PdfDict) {
      const type = after.name('Type');
      if (type === 'Page') return this.pageChange(before, after);
      if (type === 'DSS' || type === 'VRI') return 'signatures_only';
      if (after.name('Subtype') === 'Widget' || after.has('FT') || after.has('Parent') || after.has('T')) {
        return this.fieldChange(before, after);
      }
    }
    if (Array.isArray(after) && Array.isArray(before)) return this.annotsArrayChange(num, before, after);
    if (after instanceof PdfStream) {
      const ap = await this.appearanceRefs();
      const role = ap.get(num);
      if (role) return role === 'Sig' ? 'signatures_only' : 'form_fill';
    }
    return 'disallowed';
  }

  private async catalogChange(before: PdfObject, after: PdfObject): Promise<ChangesAfter> {
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) return 'disallowed';
    for (const k of changedKeys(before, after)) {
      if (!CATALOG_SIG_KEYS.has(k)) return 'disallowed';
      if (k === 'AcroForm') {
        const a = before.get(k);
        const b = after.get(k);
        // A direct AcroForm dict may change only in form-level keys; a new AcroForm object is fine.
        if (a instanceof PdfDict && b instanceof PdfDict && !dictDiffWithin(a, b, FORM_KEYS)) return 'disallowed';
      }
    }
    return 'signatures_only';
  }

  private async pageChange(before: PdfObject, after: PdfDict): Promise<ChangesAfter> {
    if (!(before instanceof PdfDict)) return 'disallowed';
    const keys = changedKeys(before, after);
    if (keys.some((k) => k !== 'Annots')) return 'disallowed';
    const oldA = await this.reader.resolve(before.get('Annots'), { revision: this.rev - 1 });
    const newA = await this.reader.resolve(after.get('Annots'), this.opts());
    return this.annotsChange(Array.isArray(oldA) ? oldA : [], Array.isArray(newA) ? newA : []);
  }

  private async annotsArrayChange(num: number, before: PdfObject[], after: PdfObject[]): Promise<ChangesAfter> {
    // Only an /Annots array of some page may change this way.
    for (const pageRef of await this.reader.pages(this.opts())) {
      const page = await this.reader.resolveDict(pageRef, this.opts());
      const a = page?.get('Annots');
      if (a instanceof PdfRef && a.num === num) return this.annotsChange(before, after);
    }
    return 'disallowed';
  }

  /** Annotations may only be added, and only as signature widgets. */
  private async annotsChange(before: PdfObject[], after: PdfObject[]): Promise<ChangesAfter> {
    const key = (o: PdfObject): string => (o instanceof PdfRef ? `r${o.num}` : 'direct');
    const kept = new Set(after.map(key));
    if (before.some((o) => !kept.has(key(o)) || key(o) === 'direct')) return 'disallowed';
    const had = new Set(before.map(key));
    const result: ChangesAfter = 'signatures_only';
    for (const a of after) {
      if (had.has(key(a))) continue;
      const d = await this.reader.resolveDict(a, this.opts());
      if (!d || d.name('Subtype') !== 'Widget') return 'disallowed';
      const ft = await this.fieldType(d);
      if (ft !== 'Sig') return 'disallowed';
    }
    return result;
  }

  private async fieldChange(before: PdfObject, after: PdfDict): Promise<ChangesAfter> {
    if (!(before instanceof PdfDict)) return 'disallowed';
    const ft = await this.fieldType(after);
    const keys = changedKeys(before, after);
    if (keys.length === 0) return 'signatures_only';
    if (ft === 'Sig') return keys.every((k) => SIG_FIELD_KEYS.has(k)) ? 'signatures_only' : 'disallowed';
    // Only filling an existing field (and signing ones) may touch non-signature fields' kids.
    if (keys.includes('Kids')) return 'disallowed';
    if (ft === 'Tx' || ft === 'Ch' || ft === 'Btn') return keys.every((k) => FILL_FIELD_KEYS.has(k)) ? 'form_fill' : 'disallowed';
    return 'disallowed';
  }

  private async fieldType(d: PdfDict): Promise<string | undefined> {
    let cur: PdfDict | undefined = d;
    for (let i = 0; cur && i < 32; i++) {
      const ft = cur.name('FT');
      if (ft) return ft;
      cur = await this.reader.resolveDict(cur.get('Parent'), this.opts());
    }
    return undefined;
  }

  /** Appearance stream objects of every widget in the form, tagged by the widget's field type. */
  private async appearanceRefs(): Promise<Map<number, 'Sig' | 'fill'>> {
    if (this.apRefs) return this.apRefs;
    const map = new Map<number, 'Sig' | 'fill'>();
    this.apRefs = map;
    const catalog = await this.reader.catalog(this.opts());
    const form = await this.reader.resolveDict(catalog.get('AcroForm'), this.opts());
    const fields = await this.reader.resolve(form?.get('Fields'), this.opts());
    const seen = new Set<number>();
    const walk = async (node: PdfObject, ft: string | undefined, depth: number): Promise<void> => {
      if (depth > 32 || seen.size > 10_000) return;
      if (node instanceof PdfRef) {
        if (seen.has(node.num)) return;
        seen.add(node.num);
      }
      const d = await this.reader.resolveDict(node, this.opts());
      if (!d) return;
      const type = d.name('FT') ?? ft;
      const ap = await this.reader.resolveDict(d.get('AP'), this.opts());
      for (const k of ['N', 'D', 'R']) {
        const v = ap?.get(k);
        const role = type === 'Sig' ? 'Sig' : 'fill';
        if (v instanceof PdfRef) map.set(v.num, role);
        const sub = v instanceof PdfRef ? undefined : v;
        if (sub instanceof PdfDict) for (const s of sub.map.values()) if (s instanceof PdfRef) map.set(s.num, role);
        if (v instanceof PdfRef) {
          const states = await this.reader.resolve(v, this.opts());
          if (states instanceof PdfDict) for (const s of states.map.values()) if (s instanceof PdfRef) map.set(s.num, role);
        }
      }
      const kids = await this.reader.resolve(d.get('Kids'), this.opts());
      if (Array.isArray(kids)) for (const k of kids) await walk(k, type, depth + 1);
    };
    if (Array.isArray(fields)) for (const f of fields) await walk(f, undefined, 0);
    return map;
  }
}

function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !shallowEqual(a.get(k), b.get(k)));
}

function dictDiffWithin(a: PdfObject, b: PdfObject, allowed: Set<string>): boolean {
  if (!(a instanceof PdfDict) || !(b instanceof PdfDict)) return false;
  return changedKeys(a, b).every((k) => allowed.has(k));
}

/** Structural equality of direct values (references compared by number, streams by identity). */
function shallowEqual(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => shallowEqual(x, b[i], depth + 1));
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!shallowEqual(v, b.get(k), depth + 1)) return false;
    return true;
  }
  return false;
}

async function equalObjects(reader: PdfReader, a: PdfObject, b: PdfObject): Promise<boolean> {
  if (a instanceof PdfStream || b instanceof PdfStream) {
    if (!(a instanceof PdfStream) || !(b instanceof PdfStream)) return false;
    const da = new PdfDict(a.dict.map);
    const db = new PdfDict(b.dict.map);
    da.delete('Length');
    db.delete('Length');
    if (!shallowEqual(da, db) || a.length !== b.length || a.length > MAX_COMPARE_STREAM) return false;
    return (await reader.readRawStreamData(a)).equals(await reader.readRawStreamData(b));
  }
  return shallowEqual(a, b);
}
