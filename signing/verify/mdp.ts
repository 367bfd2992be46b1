import { PdfDict, PdfName, PdfObject, PdfReader, PdfString } from '../pdf';
import { ChangePolicy } from './changes';

/** One FieldMDP lock (ISO 32000-1 §12.8.2.4): which fields a signature froze. */
interface Lock {
  action: 'All' | 'Include' | 'Exclude';
  fields: string[];
}

const covers = (names: string[], field: string): boolean => names.some((n) => field === n || field.startsWith(`${n}.`));

function isLockedBy(locks: Lock[], field: string): boolean {
  return locks.some((l) => (l.action === 'All' ? true : l.action === 'Include' ? covers(l.fields, field) : !covers(l.fields, field)));
}

async function readLock(reader: PdfReader, d: PdfDict | undefined, revision: number): Promise<Lock | null> {
  if (!d) return null;
  const action = d.name('Action');
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return null;
  const arr = await reader.resolve(d.get('Fields'), { revision });
  const fields = Array.isArray(arr) ? arr.filter((x): x is PdfString => x instanceof PdfString).map((s) => s.text()) : [];
  return { action, fields };
}

/** Transform entries (/Reference) of a signature dictionary with a given method. */
export async function transforms(reader: PdfReader, sig: PdfDict, method: 'DocMDP' | 'FieldMDP', revision: number): Promise<PdfDict[]> {
  const refs = await reader.resolve(sig.get('Reference'), { revision });
  const out: PdfDict[] = [];
  if (!Array.isArray(refs)) return out;
  for (const r of refs.slice(0, 32)) {
    const d = await reader.resolveDict(r, { revision });
    if (d?.name('TransformMethod') !== method) continue;
    out.push((await reader.resolveDict(d.get('TransformParams'), { revision })) ?? new PdfDict());
  }
  return out;
}

/** DocMDP /P of the document's certification signature as of `revision` (catalog /Perms /DocMDP), or null. */
export async function docMdpLevel(reader: PdfReader, revision: number): Promise<1 | 2 | 3 | null> {
  const catalog = await reader.catalog({ revision });
  const perms = await reader.resolveDict(catalog.get('Perms'), { revision });
  const sig = await reader.resolveDict(perms?.get('DocMDP'), { revision });
  if (!sig) return null;
  const params = await transforms(reader, sig, 'DocMDP', revision);
  const p = params[0]?.get('P');
  // §12.8.2.2: /P defaults to 2; anything else we do not know is treated as the strictest.
  if (p === undefined) return 2;
  return p === 1 || p === 2 || p === 3 ? p : 1;
}

export interface SignedFieldInfo {
  sigDict: PdfDict;
  /** The signature field's own dictionary (for /Lock), as of the signature's revision. */
  fieldDict: PdfDict | undefined;
  revision: number | null;
}

/**
 * What the signature of revision `signedRev` allows afterwards: the certification level in force
 * then, and the fields frozen by every signature made up to then (FieldMDP in its signature
 * dictionary, or the /Lock of its field).
 */
export async function changePolicyFor(reader: PdfReader, signedRev: number, signatures: SignedFieldInfo[]): Promise<ChangePolicy> {
  const locks: Lock[] = [];
  for (const s of signatures) {
    if (s.revision === null || s.revision > signedRev) continue;
    for (const p of await transforms(reader, s.sigDict, 'FieldMDP', s.revision)) {
      const l = await readLock(reader, p, s.revision);
      if (l) locks.push(l);
    }
    const lockDict = await reader.resolveDict(s.fieldDict?.get('Lock'), { revision: s.revision });
    const l = await readLock(reader, lockDict, s.revision);
    if (l) locks.push(l);
  }
  return { docMdp: await docMdpLevel(reader, signedRev), isLocked: (f) => isLockedBy(locks, f) };
}

export const isName = (o: PdfObject | undefined, v: string): boolean => o instanceof PdfName && o.value === v;
