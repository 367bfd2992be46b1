import { PdfDict, PdfReader, PdfRef, PdfString } from '../pdf';

export interface SignatureField {
  name: string;
  /** The signature dictionary (/V) and its object number (to find the revision that added it). */
  sigDict: PdfDict;
  sigRef: PdfRef | null;
}

const MAX_FIELDS = 10_000;

/** Signed signature fields of the newest revision, in AcroForm order; loop-safe. */
export async function findSignatureFields(reader: PdfReader): Promise<SignatureField[]> {
  const catalog = await reader.catalog();
  const form = await reader.resolveDict(catalog.get('AcroForm'));
  const fields = await reader.resolve(form?.get('Fields'));
  const out: SignatureField[] = [];
  if (!Array.isArray(fields)) return out;
  const seen = new Set<number>();
  let visited = 0;
  const walk = async (node: unknown, parentName: string, inheritedFt: string | undefined, depth: number): Promise<void> => {
    if (depth > 32 || ++visited > MAX_FIELDS) return;
    if (node instanceof PdfRef) {
      if (seen.has(node.num)) return;
      seen.add(node.num);
    }
    const d = await reader.resolveDict(node as PdfRef);
    if (!d) return;
    const t = d.get('T');
    const partial = t instanceof PdfString ? t.text() : '';
    const name = partial ? (parentName ? `${parentName}.${partial}` : partial) : parentName;
    const ft = d.name('FT') ?? inheritedFt;
    const kids = await reader.resolve(d.get('Kids'));
    if (ft === 'Sig' && d.has('V')) {
      const v = d.get('V');
      const sig = await reader.resolveDict(v);
      if (sig) out.push({ name: name || '(không tên)', sigDict: sig, sigRef: v instanceof PdfRef ? v : null });
    }
    if (Array.isArray(kids)) for (const k of kids) await walk(k, name, ft, depth + 1);
  };
  for (const f of fields) await walk(f, '', undefined, 0);
  return out;
}
