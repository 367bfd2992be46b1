import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  buildIncrementalUpdate, name, ObjectAllocator, openFileSource, PdfDict, PdfObject, PdfReader, PdfRef, PdfStream, PdfString, serialize, UpdateObject,
} from '../../../../signing/pdf';
import { tempDir } from '../../fixtures/pdfs';

/** What an attacker's edit returns: objects to (re)define and, optionally, a new trailer /Info. */
export interface Edit {
  objects: UpdateObject[];
  info?: PdfRef;
}

/**
 * Appends one incremental update made by `edit` (which sees the newest revision and allocates new
 * object numbers above everything used). The attacker's tool: plain, valid PDF syntax.
 */
export async function appendUpdate(file: string, edit: (r: PdfReader, alloc: ObjectAllocator) => Promise<Edit>, label = 'attack'): Promise<string> {
  const src = await openFileSource(file);
  try {
    const reader = await PdfReader.open(src);
    const alloc = new ObjectAllocator(reader);
    const e = await edit(reader, alloc);
    const trailer = reader.revisions[reader.revisions.length - 1].trailer;
    if (e.info) trailer.set('Info', e.info);
    const upd = buildIncrementalUpdate(reader, e.objects, alloc, (await src.read(src.size - 1, 1))[0]);
    const out = join(tempDir('vanban-attack-'), `${label}.pdf`);
    writeFileSync(out, Buffer.concat([readFileSync(file), upd.bytes]));
    return out;
  } finally {
    await src.close();
  }
}

export const text = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A content stream showing `msg` in Helvetica (font resource /FA). */
export function overlayContent(msg: string, x = 60, y = 700, size = 24): Buffer {
  return text(`q 1 1 1 rg ${x - 4} ${y - 6} 480 ${size + 12} re f Q BT 0 0 0 rg /FA ${size} Tf ${x} ${y} Td (${msg}) Tj ET`);
}

export const helvetica = (): PdfDict =>
  new PdfDict([['Type', name('Font')], ['Subtype', name('Type1')], ['BaseFont', name('Helvetica')], ['Encoding', name('WinAnsiEncoding')]]);

/** A Form XObject of size w×h painting `msg`. */
export function formXObject(msg: string, w: number, h: number, bbox?: number[]): PdfStream {
  const dict = new PdfDict([
    ['Type', name('XObject')], ['Subtype', name('Form')], ['BBox', bbox ?? [0, 0, w, h]],
    ['Resources', new PdfDict([['Font', new PdfDict([['FA', helvetica()]])]])],
  ]);
  return PdfStream.ofData(dict, overlayContent(msg, 8, 8, 14));
}

export async function firstPage(r: PdfReader): Promise<{ ref: PdfRef; dict: PdfDict }> {
  const [ref] = await r.pages();
  return { ref, dict: (await r.resolveDict(ref))!.clone() };
}

/** The first content stream reference of page 1 (our fixtures write one). */
export async function firstContentRef(r: PdfReader): Promise<PdfRef> {
  const { dict } = await firstPage(r);
  const c = dict.get('Contents');
  const ref = Array.isArray(c) ? c[0] : c;
  if (!(ref instanceof PdfRef)) throw new Error('fixture: page content is not a reference');
  return ref;
}

export async function acroForm(r: PdfReader): Promise<{ ref?: PdfRef; dict: PdfDict; fields: PdfObject[] }> {
  const raw = (await r.catalog()).get('AcroForm');
  const dict = ((await r.resolveDict(raw)) ?? new PdfDict()).clone();
  const fields = ((await r.resolve(dict.get('Fields'))) as PdfObject[] | null) ?? [];
  return { ref: raw instanceof PdfRef ? raw : undefined, dict, fields };
}

/** Terminal field named `fieldName` (merged field/widget in our fixtures). */
export async function fieldNamed(r: PdfReader, fieldName: string): Promise<{ ref: PdfRef; dict: PdfDict }> {
  const { fields } = await acroForm(r);
  for (const f of fields) {
    const d = await r.resolveDict(f);
    const t = d?.get('T');
    if (d && f instanceof PdfRef && t instanceof PdfString && t.text() === fieldName) return { ref: f, dict: d.clone() };
  }
  throw new Error(`fixture: no field ${fieldName}`);
}

/** The first signed signature field (merged with its widget, as our signer writes it). */
export async function firstSignatureField(r: PdfReader): Promise<{ ref: PdfRef; dict: PdfDict }> {
  const { fields } = await acroForm(r);
  for (const f of fields) {
    const d = await r.resolveDict(f);
    if (d && f instanceof PdfRef && d.name('FT') === 'Sig' && d.has('V')) return { ref: f, dict: d.clone() };
  }
  throw new Error('fixture: no signature field');
}

/** Adds `annot` to page 1's /Annots (through the array object when it is indirect). */
export async function withAnnot(r: PdfReader, annot: PdfRef): Promise<UpdateObject[]> {
  const page = await firstPage(r);
  const a = page.dict.get('Annots');
  if (a instanceof PdfRef) {
    const arr = ((await r.resolve(a)) as PdfObject[] | null) ?? [];
    return [{ ref: a, value: [...arr, annot] }];
  }
  return [{ ref: page.ref, value: page.dict.set('Annots', [...((a as PdfObject[] | undefined) ?? []), annot]) }];
}

/** Adds `field` to /AcroForm /Fields. */
export async function withField(r: PdfReader, field: PdfRef): Promise<UpdateObject[]> {
  const form = await acroForm(r);
  form.dict.set('Fields', [...form.fields, field]);
  if (form.ref) return [{ ref: form.ref, value: form.dict }];
  return [{ ref: r.trailer.get('Root') as PdfRef, value: (await r.catalog()).clone().set('AcroForm', form.dict) }];
}

/**
 * Redefines object stream `stmNum` (same object number, new offset) with its objects passed
 * through `change`; the compressed objects' own cross-reference entries stay as they were.
 */
export async function rewrittenObjectStream(r: PdfReader, stmNum: number, change: (num: number, obj: PdfObject) => PdfObject): Promise<PdfStream> {
  const stm = await r.resolve(new PdfRef(stmNum));
  if (!(stm instanceof PdfStream)) throw new Error('fixture: no object stream');
  const data = await r.readStreamData(stm);
  const n = stm.dict.number('N')!;
  const header = data.subarray(0, stm.dict.number('First')!).toString('latin1').trim().split(/\s+/).map(Number);
  const bodies: Buffer[] = [];
  const nums: number[] = [];
  for (let i = 0; i < n; i++) {
    const num = header[2 * i];
    nums.push(num);
    bodies.push(serialize(change(num, await r.resolve(new PdfRef(num)))));
  }
  let off = 0;
  const head: string[] = [];
  for (let i = 0; i < n; i++) {
    head.push(`${nums[i]} ${off}`);
    off += bodies[i].length + 1;
  }
  const headText = `${head.join(' ')}\n`;
  const body = Buffer.concat(bodies.flatMap((b) => [b, text('\n')]));
  return PdfStream.ofData(new PdfDict([['Type', name('ObjStm')], ['N', n], ['First', headText.length]]), Buffer.concat([text(headText), body]));
}
