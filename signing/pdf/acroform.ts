import { PdfError } from './errors';
import { PdfDict, PdfObject, PdfRef, PdfString } from './objects';
import { PdfReader, ResolveOptions } from './reader';

/** One node of the field tree (ISO 32000-1 §12.7.3): a field, a widget, or both merged. */
export interface FormNode {
  ref: PdfRef;
  dict: PdfDict;
  /** Fully qualified name of the field this node is or belongs to. */
  fullName: string;
  /** Field type, inherited from ancestors when absent. */
  type?: string;
  /** Has /Subtype /Widget: it is displayed on a page. */
  widget: boolean;
  /** The field node this widget belongs to (itself when merged); undefined for non-terminal fields. */
  field?: PdfRef;
}

export interface FormField {
  ref: PdfRef;
  dict: PdfDict;
  fullName: string;
  type?: string;
  /** Widget annotations of the field: the field itself when merged, else its widget kids. */
  widgets: { ref: PdfRef; dict: PdfDict }[];
}

export interface AcroFormTree {
  /** /AcroForm as written in the catalog (a reference, a direct dictionary, or absent). */
  formEntry: PdfObject | undefined;
  form: PdfDict | undefined;
  /** Terminal fields in tree order. */
  fields: FormField[];
  /** Every node by object number. */
  nodes: Map<number, FormNode>;
}

export const FORM_LIMITS = { depth: 32, nodes: 20_000 };

function limit(detail: string): PdfError {
  return new PdfError('PDF_UNSUPPORTED', 'Biểu mẫu trong PDF quá lớn hoặc lồng quá sâu để xử lý an toàn.', detail);
}

/**
 * Walks /AcroForm /Fields as of one revision. Shared by the signer (which fields exist, where to
 * fill) and the verifier (what a signature covered): one reading of the form for both, so they
 * never disagree. Fails closed: beyond the limits, or on a node reached twice (a loop or a shared
 * kid, which readers resolve differently), it throws instead of returning a partial form.
 */
export async function walkAcroForm(reader: PdfReader, opts: ResolveOptions = {}): Promise<AcroFormTree> {
  const catalog = await reader.catalog(opts);
  const formEntry = catalog.get('AcroForm');
  const form = await reader.resolveDict(formEntry, opts);
  const tree: AcroFormTree = { formEntry, form, fields: [], nodes: new Map() };
  if (!form) return tree;
  const visit = (r: PdfRef): void => {
    if (tree.nodes.has(r.num)) throw limit(`form node ${r.num} reached twice`);
    if (tree.nodes.size >= FORM_LIMITS.nodes) throw limit(`more than ${FORM_LIMITS.nodes} form nodes`);
  };
  const walk = async (list: PdfObject | undefined, parentName: string, parentType: string | undefined, depth: number): Promise<void> => {
    const arr = await reader.resolve(list, opts);
    if (!Array.isArray(arr)) return;
    if (depth > FORM_LIMITS.depth) throw limit('form field tree too deep');
    for (const r of arr) {
      if (!(r instanceof PdfRef)) continue; // fields are indirect objects (§12.7.3.1); a direct one is no field
      visit(r);
      const d = await reader.resolveDict(r, opts);
      if (!d) continue;
      const t = d.get('T');
      const partial = t instanceof PdfString ? t.text() : '';
      const fullName = partial ? (parentName ? `${parentName}.${partial}` : partial) : parentName;
      const type = d.name('FT') ?? parentType;
      const node: FormNode = { ref: r, dict: d, fullName, type, widget: d.name('Subtype') === 'Widget' };
      tree.nodes.set(r.num, node);
      const kids = await reader.resolve(d.get('Kids'), opts);
      const kidDicts: { ref: PdfRef; dict: PdfDict }[] = [];
      let hasFieldKids = false;
      if (Array.isArray(kids)) {
        for (const k of kids) {
          if (!(k instanceof PdfRef)) continue;
          const kd = await reader.resolveDict(k, opts);
          if (!kd) continue;
          if (kd.has('T')) hasFieldKids = true;
          else kidDicts.push({ ref: k, dict: kd });
        }
      }
      if (hasFieldKids) {
        await walk(kids as PdfObject, fullName, type, depth + 1);
        continue;
      }
      node.field = r;
      for (const k of kidDicts) {
        visit(k.ref);
        tree.nodes.set(k.ref.num, { ref: k.ref, dict: k.dict, fullName, type, widget: k.dict.name('Subtype') === 'Widget', field: r });
      }
      const widgets = node.widget ? [{ ref: r, dict: d }] : kidDicts;
      tree.fields.push({ ref: r, dict: d, fullName, type, widgets });
    }
  };
  await walk(form.get('Fields'), '', undefined, 0);
  return tree;
}
