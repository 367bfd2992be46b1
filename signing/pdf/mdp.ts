import { PdfDict, PdfString } from './objects';
import { PdfReader } from './reader';

/** Modification detection and prevention (ISO 32000-1 §12.8.2): read by the signer and the verifier alike. */

/** One FieldMDP lock: which fields a signature froze. */
export interface FieldLock {
  action: 'All' | 'Include' | 'Exclude';
  fields: string[];
}

const covers = (names: string[], field: string): boolean => names.some((n) => field === n || field.startsWith(`${n}.`));

export function isLockedBy(locks: FieldLock[], field: string): boolean {
  return locks.some((l) => (l.action === 'All' ? true : l.action === 'Include' ? covers(l.fields, field) : !covers(l.fields, field)));
}

async function readLock(reader: PdfReader, d: PdfDict | undefined, revision: number): Promise<FieldLock | null> {
  if (!d) return null;
  const action = d.name('Action');
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return null;
  const arr = await reader.resolve(d.get('Fields'), { revision });
  const fields = Array.isArray(arr) ? arr.filter((x): x is PdfString => x instanceof PdfString).map((s) => s.text()) : [];
  return { action, fields };
}

/** Transform parameters of a signature dictionary's /Reference entries with a given method. */
export async function transformParams(reader: PdfReader, sig: PdfDict, method: 'DocMDP' | 'FieldMDP', revision: number): Promise<PdfDict[]> {
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

/** Locks one signature sets: FieldMDP in its dictionary and the /Lock of its field. */
export async function locksOf(reader: PdfReader, sig: PdfDict, field: PdfDict | undefined, revision: number): Promise<FieldLock[]> {
  const out: FieldLock[] = [];
  for (const p of await transformParams(reader, sig, 'FieldMDP', revision)) {
    const l = await readLock(reader, p, revision);
    if (l) out.push(l);
  }
  const l = await readLock(reader, await reader.resolveDict(field?.get('Lock'), { revision }), revision);
  if (l) out.push(l);
  return out;
}

/** DocMDP /P of the document's certification signature as of `revision` (catalog /Perms /DocMDP), or null. */
export async function docMdpLevel(reader: PdfReader, revision: number): Promise<1 | 2 | 3 | null> {
  const catalog = await reader.catalog({ revision });
  const perms = await reader.resolveDict(catalog.get('Perms'), { revision });
  const sig = await reader.resolveDict(perms?.get('DocMDP'), { revision });
  if (!sig) return null;
  const p = (await transformParams(reader, sig, 'DocMDP', revision))[0]?.get('P');
  // §12.8.2.2: /P defaults to 2; a value we do not know is treated as the strictest.
  if (p === undefined) return 2;
  return p === 1 || p === 2 || p === 3 ? p : 1;
}
