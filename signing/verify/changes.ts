import { AcroFormTree, FormNode, PdfDict, PdfName, PdfObject, PdfReader, PdfRef, PdfStream, PdfString, walkAcroForm } from '../pdf';
import { appearanceFits } from './appearance-fit';
import { ChangesAfter } from './report';

/**
 * What happened after a signature, decided by comparing what the signed revision displays with
 * what the final file displays (in the spirit of pyHanko's difference analysis and EU DSS's object
 * modification detection). Both object graphs are walked in parallel from the catalog, every
 * object resolved as of its own revision (object streams included). Roles come from the signed
 * revision's structure (its pages, its form fields), never from labels a later revision chose
 * (/Type, trailer /Info, catalog /DSS): an object reached from a signed page is compared as page
 * content whatever else points at it. Any difference is disallowed unless it is one of:
 *  - a later signature or document timestamp with its own new field and widget(s), covered by
 *    that later signature (the widget and its appearance are as that signature signed them);
 *  - a signature added to a signature field that was empty when signed, covered the same way;
 *  - filling a text field that existed when signed: its value and its widgets' appearance, the
 *    appearance confined to the widget;
 *  - validation data (catalog /DSS), XMP metadata, extension/version declarations, the form's
 *    /SigFlags and default resources.
 */

const RANK: Record<ChangesAfter, number> = { none: 0, signatures_only: 1, form_fill: 2, disallowed: 3 };

export function worse(a: ChangesAfter, b: ChangesAfter): ChangesAfter {
  return RANK[a] >= RANK[b] ? a : b;
}

export type ChangeCode = 'DISALLOWED_CHANGE' | 'DOCMDP_VIOLATION' | 'FIELDMDP_VIOLATION' | 'CHANGES_NOT_ANALYSED';

export interface ChangeAnalysis {
  changes: ChangesAfter;
  /** English notes: every allowed change ("allowed: …") and every disallowed one ("disallowed: …"). */
  details: string[];
  /** Codes of what makes the changes unacceptable (empty when they are acceptable). */
  codes: ChangeCode[];
}

/** A signature found in the final file, keyed by its signature dictionary's object number. */
export interface CoveringSignature {
  revision: number | null;
  intact: boolean;
  documentTimestamp: boolean;
}

/** Modification detection and prevention in force for the signature analysed. */
export interface ChangePolicy {
  /**
   * DocMDP /P of the certification signature (1: no changes, 2: form fill and signing, 3: also
   * annotations); null: not certified. P=3 is judged like P=2: Vanban allows no new annotations
   * after any signature (shadow and evil-annotation attacks paint with them), so a P=3 document
   * gains nothing more here; such a change is reported as DISALLOWED_CHANGE, not as a violation.
   */
  docMdp: 1 | 2 | 3 | null;
  /** FieldMDP: true when the field (fully qualified name) is locked by a signature made at or before the signed revision. */
  isLocked(fullName: string): boolean;
}

export const OPEN_POLICY: ChangePolicy = { docMdp: null, isLocked: () => false };

const MAX_PAIRS = 400_000;
const MAX_PROBLEMS = 20;
const MAX_COMPARE_STREAM = 64 * 1024 * 1024;
/** Catalog entries that display nothing: later revisions may add or change them. */
const CATALOG_FREE: Record<string, string> = {
  DSS: 'validation data (catalog /DSS) added or updated',
  Metadata: 'XMP metadata (catalog /Metadata) changed',
  Extensions: 'extension declarations (catalog /Extensions) changed',
  Version: 'PDF version (catalog /Version) raised',
};

type Role = { kind: 'page'; index: number } | { kind: 'form'; node: FormNode };

interface Problem {
  code: ChangeCode;
  detail: string;
}

export async function analyseChangesAfter(
  reader: PdfReader,
  signedRev: number,
  covering: Map<number, CoveringSignature>,
  policy: ChangePolicy = OPEN_POLICY,
): Promise<ChangeAnalysis> {
  const last = reader.revisions.length - 1;
  if (signedRev >= last) return { changes: 'none', details: [], codes: [] };
  const diff = new RevisionDiff(reader, signedRev, last, covering, policy);
  try {
    await diff.run();
  } catch (e) {
    if (!(e instanceof TooComplex) && !(e instanceof Error && e.name === 'PdfError')) throw e;
    // Fail closed: what could not be compared cannot be called unchanged.
    return { changes: 'disallowed', details: [`not analysed: ${(e as Error).message}`], codes: ['CHANGES_NOT_ANALYSED'] };
  }
  const codes = [...new Set(diff.problems.map((p) => p.code))];
  const details = [...diff.allowed].map((a) => `allowed: ${a}`).concat(diff.problems.map((p) => `disallowed: ${p.detail}`));
  const changes: ChangesAfter = diff.problems.length ? 'disallowed' : diff.formFill ? 'form_fill' : 'signatures_only';
  return { changes, details, codes };
}

class TooComplex extends Error {}

/** Parallel walk of revision `a` (signed) and revision `b` (final). */
class RevisionDiff {
  readonly problems: Problem[] = [];
  readonly allowed = new Set<string>();
  formFill = false;
  private readonly roles = new Map<number, Role>();
  private readonly queue: { x: PdfRef; y: PdfRef; path: string }[] = [];
  private readonly pairs = new Set<string>();
  private treeA!: AcroFormTree;
  private treeB!: AcroFormTree;

  constructor(
    private readonly reader: PdfReader,
    private readonly a: number,
    private readonly b: number,
    private readonly covering: Map<number, CoveringSignature>,
    private readonly policy: ChangePolicy,
    private readonly pureCompare = false,
  ) {}

  private problem(detail: string, code: ChangeCode = 'DISALLOWED_CHANGE'): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ code, detail });
  }

  private get full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }

  async run(): Promise<void> {
    const r = this.reader;
    this.treeA = await walkAcroForm(r, { revision: this.a });
    this.treeB = await walkAcroForm(r, { revision: this.b });
    (await r.pages({ revision: this.a })).forEach((p, index) => this.roles.set(p.num, { kind: 'page', index }));
    for (const node of this.treeA.nodes.values()) if (!this.roles.has(node.ref.num)) this.roles.set(node.ref.num, { kind: 'form', node });
    const rootA = r.revisions[this.a].trailer.get('Root');
    const rootB = r.revisions[this.b].trailer.get('Root');
    if (rootA instanceof PdfRef && rootB instanceof PdfRef) this.pairs.add(`${rootA.num}:${rootB.num}`);
    const formA = this.treeA.formEntry;
    const formB = this.treeB.formEntry;
    if (formA instanceof PdfRef && formB instanceof PdfRef) this.pairs.add(`${formA.num}:${formB.num}`);
    await this.compareCatalog(await r.catalog({ revision: this.a }), await r.catalog({ revision: this.b }));
    await this.drain();
  }

  /** Compares two objects of revisions a and b whose roles are plain content (no allowed changes). */
  async compareContent(x: PdfObject, y: PdfObject, path: string): Promise<void> {
    await this.cmp(x, y, path);
    await this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.full) {
      const t = this.queue.pop()!;
      await this.comparePair(t.x, t.y, t.path);
    }
  }

  private async compareCatalog(catA: PdfDict, catB: PdfDict): Promise<void> {
    for (const k of keysOf(catA, catB)) {
      if (k === 'AcroForm') await this.compareForm();
      else if (k in CATALOG_FREE) {
        if (!(await this.sameShallow(catA.get(k), catB.get(k)))) this.allowed.add(CATALOG_FREE[k]);
      } else await this.cmp(catA.get(k), catB.get(k), `catalog /${k}`);
    }
  }

  /** Same without looking behind references (for notes and allowed keys, not for content). */
  private async sameShallow(x: PdfObject | undefined, y: PdfObject | undefined): Promise<boolean> {
    if (x instanceof PdfRef && y instanceof PdfRef) return x.num === y.num && this.reader.sameBytes(x.num, this.a, this.b);
    return directEqual(x, y);
  }

  private async compareForm(): Promise<void> {
    const fa = this.treeA.form ?? new PdfDict();
    const fb = this.treeB.form;
    if (!fb) {
      if (this.treeA.form) this.problem('the form (/AcroForm) was removed');
      return;
    }
    for (const k of keysOf(fa, fb)) {
      const x = fa.get(k);
      const y = fb.get(k);
      if (k === 'Fields') {
        const la = await this.list(x, this.a);
        const lb = await this.list(y, this.b);
        await this.matchList(la, lb, 'form /Fields', (e) => this.newSignatureField(e, 'field'));
      } else if (k === 'SigFlags') continue;
      else if (k === 'DR') {
        if (!(await this.sameShallow(x, y))) this.allowed.add('form default resources (/DR) updated');
      } else if (k === 'NeedAppearances') {
        // With it, viewers redraw every field from its value: displayed text no longer comes from signed appearances.
        if (y === true && x !== true) this.problem('form /NeedAppearances switched on');
      } else await this.cmp(x, y, `form /${k}`);
    }
  }

  private async list(o: PdfObject | undefined, rev: number): Promise<PdfObject[]> {
    const v = await this.reader.resolve(o, { revision: rev });
    return Array.isArray(v) ? v : [];
  }

  /**
   * The signed list's entries must all stay, in order (order is painting order); entries added
   * anywhere must pass `isNewOk`.
   */
  private async matchList(la: PdfObject[], lb: PdfObject[], label: string, isNewOk: (e: PdfRef) => Promise<boolean>): Promise<void> {
    let i = 0;
    for (const e of lb) {
      const old = la[i];
      if (old !== undefined && ((old instanceof PdfRef && e instanceof PdfRef && old.num === e.num) || (!(old instanceof PdfRef) && !(e instanceof PdfRef)))) {
        await this.cmp(old, e, `${label}[${i}]`);
        i++;
        continue;
      }
      if (e instanceof PdfRef && (await isNewOk(e))) continue;
      this.problem(`${label}: ${e instanceof PdfRef ? `object ${e.num}` : 'a direct entry'} added`, this.policy.docMdp === 1 ? 'DOCMDP_VIOLATION' : 'DISALLOWED_CHANGE');
    }
    if (i < la.length) this.problem(`${label}: ${la.length - i} signed entr${la.length - i === 1 ? 'y' : 'ies'} removed or reordered`);
  }

  /**
   * A field or widget that is new in the final file and belongs to a signature field signed by a
   * later, intact signature that covers it exactly as it is now.
   */
  private async newSignatureField(e: PdfRef, as: 'field' | 'widget'): Promise<boolean> {
    if (this.treeA.nodes.has(e.num) || this.roles.has(e.num)) return false;
    const node = this.treeB.nodes.get(e.num);
    if (!node || node.type !== 'Sig' || !node.field) return false;
    if (as === 'widget' && !node.widget) return false;
    const field = this.treeB.nodes.get(node.field.num)!;
    if (this.treeA.nodes.has(field.ref.num)) return false;
    const cover = await this.coveredBy(field);
    if (!cover) return false;
    if (this.policy.docMdp === 1 && !cover.documentTimestamp) {
      this.problem(`signature field "${field.fullName}" added to a document certified with no changes allowed`, 'DOCMDP_VIOLATION');
      return true; // reported already
    }
    this.allowed.add(`${cover.documentTimestamp ? 'document timestamp' : 'signature'} field "${field.fullName}" added, covered by the signature of revision ${cover.revision}`);
    return true;
  }

  /**
   * The later signature in `field` (its /V as of the final revision), if intact, made after the
   * signed revision, and covering the field and every widget of it as they are now.
   */
  private async coveredBy(field: FormNode): Promise<(CoveringSignature & { revision: number }) | null> {
    const v = field.dict.get('V');
    if (!(v instanceof PdfRef)) return null;
    const sig = this.covering.get(v.num);
    if (!sig || !sig.intact || sig.revision === null || sig.revision <= this.a) return null;
    const widgets = this.treeB.fields.find((f) => f.ref.num === field.ref.num)?.widgets ?? [];
    const sub = new RevisionDiff(this.reader, sig.revision, this.b, this.covering, OPEN_POLICY, true);
    for (const w of [field.ref, ...widgets.map((x) => x.ref)]) {
      const atSig = await this.reader.resolveDict(w, { revision: sig.revision });
      const now = await this.reader.resolveDict(w, { revision: this.b });
      if (!atSig || !now) return null;
      // The widget as that signature signed it; its page and parent are judged where they are reached.
      const strip = (d: PdfDict): PdfDict => {
        const c = d.clone();
        c.delete('P');
        c.delete('Parent');
        return c;
      };
      await sub.compareContent(strip(atSig), strip(now), `signature field "${field.fullName}"`);
    }
    return sub.problems.length ? null : { ...sig, revision: sig.revision };
  }

  /** Structural comparison of a value of revision a with one of revision b; references are queued. */
  private async cmp(x: PdfObject | undefined, y: PdfObject | undefined, path: string): Promise<void> {
    if (this.full) return;
    if (x instanceof PdfRef && y instanceof PdfRef) {
      const key = `${x.num}:${y.num}`;
      if (this.pairs.has(key)) return;
      this.pairs.add(key);
      if (this.pairs.size > MAX_PAIRS) throw new TooComplex(`more than ${MAX_PAIRS} objects to compare`);
      this.queue.push({ x, y, path });
      return;
    }
    if (x instanceof PdfRef) return this.cmp(await this.reader.resolve(x, { revision: this.a }), y, path);
    if (y instanceof PdfRef) return this.cmp(x, await this.reader.resolve(y, { revision: this.b }), path);
    if (x === undefined || y === undefined) {
      if (x !== y) this.problem(`${path} ${x === undefined ? 'added' : 'removed'}`);
      return;
    }
    if (x === null || typeof x !== 'object' || y === null || typeof y !== 'object') {
      if (x !== y) this.problem(`${path} changed`);
      return;
    }
    if (x instanceof PdfName || y instanceof PdfName) {
      if (!(x instanceof PdfName && y instanceof PdfName && x.value === y.value)) this.problem(`${path} changed`);
      return;
    }
    if (x instanceof PdfString || y instanceof PdfString) {
      if (!(x instanceof PdfString && y instanceof PdfString && x.bytes.equals(y.bytes))) this.problem(`${path} changed`);
      return;
    }
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!(Array.isArray(x) && Array.isArray(y)) || x.length !== y.length) {
        this.problem(`${path} changed`);
        return;
      }
      for (let i = 0; i < x.length; i++) await this.cmp(x[i], y[i], `${path}[${i}]`);
      return;
    }
    if (x instanceof PdfStream || y instanceof PdfStream) {
      if (!(x instanceof PdfStream && y instanceof PdfStream)) {
        this.problem(`${path} changed`);
        return;
      }
      await this.cmpDicts(x.dict, y.dict, path, new Set(['Length']));
      if (!(await this.sameStreamData(x, y))) this.problem(`${path}: stream data changed`);
      return;
    }
    await this.cmpDicts(x as PdfDict, y as PdfDict, path);
  }

  private async cmpDicts(x: PdfDict, y: PdfDict, path: string, skip?: Set<string>): Promise<void> {
    for (const k of keysOf(x, y)) {
      if (skip?.has(k)) continue;
      // Checking that a later signature covers its own field: back-references to pages and parents
      // are judged by the main comparison, where those are reached.
      if (this.pureCompare && (k === 'P' || k === 'Parent')) continue;
      await this.cmp(x.get(k), y.get(k), `${path} /${k}`);
    }
  }

  private async sameStreamData(x: PdfStream, y: PdfStream): Promise<boolean> {
    if (!x.data && !y.data && x.dataOffset === y.dataOffset && x.length === y.length) return true;
    if (x.length !== y.length) return false;
    if (x.length > MAX_COMPARE_STREAM) throw new TooComplex(`stream of ${x.length} bytes too large to compare`);
    return (await this.reader.readRawStreamData(x)).equals(await this.reader.readRawStreamData(y));
  }

  /** Queues every reference inside a value that is identical in both revisions: what it points at may still differ. */
  private async descend(v: PdfObject, path: string): Promise<void> {
    if (v instanceof PdfRef) return this.cmp(v, v, path);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) await this.descend(v[i], `${path}[${i}]`);
    } else if (v instanceof PdfDict || v instanceof PdfStream) {
      const d = v instanceof PdfStream ? v.dict : v;
      for (const [k, c] of d.map) await this.descend(c, `${path} /${k}`);
    }
  }

  private async comparePair(x: PdfRef, y: PdfRef, path: string): Promise<void> {
    const role = this.pureCompare ? undefined : this.roles.get(x.num);
    if (x.num !== y.num) {
      if (role || this.roles.has(y.num)) {
        this.problem(`${path}: signed object ${x.num} replaced by object ${y.num}`);
        return;
      }
    } else if (role?.kind === 'page') return this.comparePage(x, role.index);
    else if (role?.kind === 'form') return this.compareFormNode(x, role.node);
    const label = `${shortPath(path)} (object ${y.num})`;
    if (x.num === y.num && this.reader.sameBytes(x.num, this.a, this.b)) {
      return this.descend(await this.reader.resolve(x, { revision: this.a }), label);
    }
    const va = await this.reader.resolve(x, { revision: this.a });
    const vb = await this.reader.resolve(y, { revision: this.b });
    if (va === null && vb !== null) this.problem(`${label}: referenced while signed but defined only later`);
    else await this.cmp(va, vb, label);
  }

  private async comparePage(ref: PdfRef, index: number): Promise<void> {
    const pa = await this.reader.resolveDict(ref, { revision: this.a });
    const pb = await this.reader.resolveDict(ref, { revision: this.b });
    const label = `page ${index + 1}`;
    if (!pa || !pb) {
      this.problem(`${label} removed`);
      return;
    }
    for (const k of keysOf(pa, pb)) {
      if (k !== 'Annots') {
        await this.cmp(pa.get(k), pb.get(k), `${label} /${k}`);
        continue;
      }
      const x = pa.get(k);
      const y = pb.get(k);
      if (x instanceof PdfRef && y instanceof PdfRef) this.pairs.add(`${x.num}:${y.num}`);
      const la = await this.list(x, this.a);
      const lb = await this.list(y, this.b);
      await this.matchList(la, lb, `${label} /Annots`, (e) => this.newSignatureField(e, 'widget'));
    }
  }

  /** A field or widget that existed when signed: only what its class allows may differ. */
  private async compareFormNode(ref: PdfRef, node: FormNode): Promise<void> {
    const da = await this.reader.resolveDict(ref, { revision: this.a });
    const db = await this.reader.resolveDict(ref, { revision: this.b });
    const label = `field "${node.fullName}"${node.widget ? ' widget' : ''}`;
    if (!da || !db) {
      this.problem(`${label} removed`);
      return;
    }
    const fieldA = node.field ? this.treeA.nodes.get(node.field.num) : undefined;
    const isTerminal = node.field?.num === ref.num;
    const allowed = new Set<string>();
    let mdpCode: ChangeCode = 'DISALLOWED_CHANGE';
    if (node.type === 'Tx' && fieldA) {
      if (this.policy.docMdp === 1) mdpCode = 'DOCMDP_VIOLATION';
      else if (this.policy.isLocked(node.fullName)) mdpCode = 'FIELDMDP_VIOLATION';
      else {
        if (isTerminal) allowed.add('V');
        if (node.widget) allowed.add('AP');
      }
    }
    let sigCover: Awaited<ReturnType<RevisionDiff['coveredBy']>> | undefined;
    if (node.type === 'Sig' && fieldA && !fieldA.dict.has('V')) {
      // An empty signature field signed later: fine when that signature covers it as it is now.
      const fieldB = this.treeB.nodes.get(fieldA.ref.num);
      sigCover = fieldB ? await this.coveredBy(fieldB) : null;
      if (sigCover && !(this.policy.docMdp === 1 && !sigCover.documentTimestamp)) {
        if (isTerminal) allowed.add('V');
        if (node.widget) allowed.add('AP');
      }
    }
    for (const k of keysOf(da, db)) {
      const x = da.get(k);
      const y = db.get(k);
      if (!allowed.has(k)) {
        const before = this.problems.length;
        await this.cmp(x, y, `${label} /${k}`);
        if (mdpCode !== 'DISALLOWED_CHANGE') for (let i = before; i < this.problems.length; i++) this.problems[i].code = mdpCode;
        continue;
      }
      if (await this.sameShallow(x, y)) continue;
      if (node.type === 'Sig') {
        this.allowed.add(`signature field "${node.fullName}" signed in revision ${sigCover!.revision}`);
        continue;
      }
      if (k === 'V') {
        this.allowed.add(`text field "${node.fullName}" filled`);
        this.formFill = true;
        continue;
      }
      // k === 'AP': a new appearance for the filled value, confined to the widget.
      const why = await appearanceFits(this.reader, this.b, db, y);
      if (why) this.problem(`${label} /AP: ${why}`);
      else {
        this.allowed.add(`text field "${node.fullName}" given an appearance for its value`);
        this.formFill = true;
      }
    }
  }
}

/** Structural equality of direct values; references equal only to the same reference. */
function directEqual(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (depth > 32) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => directEqual(x, b[i], depth + 1));
  if (a instanceof PdfDict && b instanceof PdfDict) {
    if (a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!directEqual(v, b.get(k), depth + 1)) return false;
    return true;
  }
  return false;
}

function keysOf(a: PdfDict, b: PdfDict): string[] {
  return [...new Set([...a.map.keys(), ...b.map.keys()])];
}

function shortPath(p: string): string {
  return p.length > 160 ? `…${p.slice(-150)}` : p;
}
