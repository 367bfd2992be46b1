import { PdfDict, PdfObject, PdfReader, PdfRef, PdfString } from '../pdf';

export interface FormField {
  ref: PdfRef;
  dict: PdfDict;
  /** Fully qualified name (ISO 32000-1 §12.7.3.2). */
  fullName: string;
  /** Field type, inherited from ancestors when absent. */
  type?: string;
  /** Widget annotations of the field: the field itself when merged, else its widget kids. */
  widgets: { ref: PdfRef; dict: PdfDict }[];
}

/** Walks /AcroForm /Fields (loop-safe, bounded) and returns terminal fields. */
export async function listFields(reader: PdfReader, acroForm: PdfDict | undefined): Promise<FormField[]> {
  const out: FormField[] = [];
  if (!acroForm) return out;
  const seen = new Set<number>();
  const walk = async (refs: PdfObject, parentName: string, parentType: string | undefined, depth: number): Promise<void> => {
    const arr = await reader.resolve(refs);
    if (!Array.isArray(arr) || depth > 32) return;
    for (const r of arr) {
      if (!(r instanceof PdfRef) || seen.has(r.num)) continue;
      seen.add(r.num);
      const d = await reader.resolveDict(r);
      if (!d) continue;
      const t = d.get('T');
      const partial = t instanceof PdfString ? t.text() : '';
      const fullName = partial ? (parentName ? `${parentName}.${partial}` : partial) : parentName;
      const type = d.name('FT') ?? parentType;
      const kids = await reader.resolve(d.get('Kids'));
      const kidDicts: { ref: PdfRef; dict: PdfDict }[] = [];
      let hasFieldKids = false;
      if (Array.isArray(kids)) {
        for (const k of kids) {
          if (!(k instanceof PdfRef)) continue;
          const kd = await reader.resolveDict(k);
          if (!kd) continue;
          if (kd.has('T')) hasFieldKids = true;
          else kidDicts.push({ ref: k, dict: kd });
        }
      }
      if (hasFieldKids) await walk(kids as PdfObject, fullName, type, depth + 1);
      else {
        const widgets = d.name('Subtype') === 'Widget' ? [{ ref: r, dict: d }] : kidDicts;
        out.push({ ref: r, dict: d, fullName, type, widgets });
      }
    }
  };
  await walk(acroForm.get('Fields') ?? [], '', undefined, 0);
  return out;
}

/** Font size of a /DA string ("/Helv 12 Tf 0 g"); 0 (auto) becomes `fallback`. */
export function daFontSize(da: PdfObject | undefined, fallback: number): number {
  if (!(da instanceof PdfString)) return fallback;
  const m = /([\d.]+)\s+Tf/.exec(da.text());
  const v = m ? parseFloat(m[1]) : 0;
  return v > 0 ? v : fallback;
}
