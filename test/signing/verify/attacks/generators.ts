import { PDFDocument, PDFName, PDFRef, StandardFonts } from 'pdf-lib';
import { name, PdfDict, PdfObject, PdfReader, PdfRef, PdfStream, PdfString } from '../../../../signing/pdf';
import { draftDocument, objectStreamPdf, tempDir, writeTemp } from '../../fixtures/pdfs';
import { signFile, signedOnce } from '../signed-fixtures';
import {
  acroForm, appendUpdate, fieldNamed, firstContentRef, firstPage, firstSignatureField, formXObject, helvetica, overlayContent, rewrittenObjectStream,
  text, withAnnot, withField,
} from './update';

/**
 * Attacks on signed PDFs from the published research (Mladenov et al. 2019, Mainka et al. 2021,
 * Rohlmann et al. 2021), each a generator: signed file in, forged file out. Every one of them
 * changes what the signed page displays (or sneaks in something that can) while keeping the
 * signed bytes intact. None may verify as valid.
 */
export interface Attack {
  name: string;
  /** The signed file the attack starts from. */
  base: () => Promise<string>;
  forge: (signed: string) => Promise<string>;
}

/** Replaces page 1's content stream under its own object number with a forged text. */
async function redefinedContent(r: PdfReader, extra: (d: PdfDict) => PdfDict = (d) => d): Promise<{ ref: PdfRef; value: PdfStream }> {
  const ref = await firstContentRef(r);
  // Drawn with a font the page already has, so every viewer shows the forged text.
  const page = await firstPage(r);
  const res = await r.resolveDict(page.dict.get('Resources'));
  const fonts = await r.resolveDict(res?.get('Font'));
  const fontName = [...(fonts?.map.keys() ?? ['FA'])][0];
  const forged = overlayContent('SO TIEN: 9.999.999.999 DONG').toString('latin1').replace('/FA', `/${fontName}`);
  return { ref, value: PdfStream.ofData(extra(new PdfDict()), text(forged)) };
}

/** Adds a resource font /FA to page 1 (needed by forged content). */
async function pageWithFont(r: PdfReader): Promise<{ ref: PdfRef; value: PdfDict }> {
  const page = await firstPage(r);
  const res = ((await r.resolveDict(page.dict.get('Resources'))) ?? new PdfDict()).clone();
  const fonts = ((await r.resolveDict(res.get('Font'))) ?? new PdfDict()).clone();
  return { ref: page.ref, value: page.dict.set('Resources', res.set('Font', fonts.set('FA', helvetica()))) };
}

/** A draft whose page 1 draws XObject /Late, an object that does not exist yet (reference to a free number). */
export const LATE_OBJECT = 4000;
async function draftWithDanglingReference(): Promise<string> {
  const doc: PDFDocument = await draftDocument({ formFields: true });
  const page = doc.getPage(0);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Hop dong so 12', { x: 60, y: 650, size: 12, font });
  page.node.setXObject(PDFName.of('Late'), PDFRef.of(LATE_OBJECT));
  const content = doc.context.flateStream('q 1 0 0 1 0 0 cm /Late Do Q');
  page.node.addContentStream(doc.context.register(content));
  return writeTemp(Buffer.from(await doc.save({ useObjectStreams: false })), 'dangling.pdf', tempDir('vanban-attack-'));
}

async function signedObjectStreams(): Promise<string> {
  return signFile(writeTemp(await objectStreamPdf({ formFields: true }), 'objstm.pdf', tempDir('vanban-attack-')));
}

/** Widget dict of a new signature field at `rect` with an appearance painting `msg`. */
function sigWidget(r: PdfReader, pageRef: PdfRef, ap: PdfRef, fieldName: string, v?: PdfRef): PdfDict {
  void r;
  const d = new PdfDict([
    ['Type', name('Annot')], ['Subtype', name('Widget')], ['FT', name('Sig')], ['T', PdfString.fromText(fieldName)],
    ['F', 4], ['Rect', [40, 640, 560, 740]], ['P', pageRef], ['AP', new PdfDict([['N', ap]])],
  ]);
  if (v) d.set('V', v);
  return d;
}

const plain = (): Promise<string> => signedOnce();
const withForm = (): Promise<string> => signedOnce({ formFields: true });

export const ATTACKS: Attack[] = [
  {
    name: 'content redefined, labelled as /Info by the new trailer',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => {
      const c = await redefinedContent(r);
      return { objects: [c], info: c.ref };
    }),
  },
  {
    name: 'content redefined, labelled as /DSS by the new catalog',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => {
      const c = await redefinedContent(r);
      const root = r.trailer.get('Root') as PdfRef;
      return { objects: [c, { ref: root, value: (await r.catalog()).clone().set('DSS', c.ref) }] };
    }),
  },
  {
    name: 'content redefined, labelled /Type /Metadata',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => ({ objects: [await redefinedContent(r, (d) => d.set('Type', name('Metadata')).set('Subtype', name('XML')))] })),
  },
  {
    name: 'content redefined, labelled as a field appearance of a text field',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r) => {
      const c = await redefinedContent(r);
      const fld = await fieldNamed(r, 'so_ky_hieu');
      return { objects: [c, { ref: fld.ref, value: fld.dict.set('V', PdfString.fromText('1')).set('AP', new PdfDict([['N', c.ref]])) }] };
    }),
  },
  {
    name: 'object stream redefined: a font inside it remaps digits, its xref entry untouched',
    base: signedObjectStreams,
    forge: (f) => appendUpdate(f, async (r) => {
      const page = await firstPage(r);
      const res = (await r.resolveDict(page.dict.get('Resources')))!;
      const fonts = (await r.resolveDict(res.get('Font')))!;
      const fontRef = [...fonts.map.values()].find((v) => v instanceof PdfRef) as PdfRef;
      const e = r.entry(fontRef.num);
      if (e?.type !== 'compressed') throw new Error('fixture: font is not in an object stream');
      const stm = await rewrittenObjectStream(r, e.stream, (num, obj) => {
        if (num !== fontRef.num || !(obj instanceof PdfDict)) return obj;
        const diffs: PdfObject[] = [];
        for (let c = 0x30; c <= 0x7a; c++) diffs.push(c, name('nine'));
        return obj.clone().set('Encoding', new PdfDict([['BaseEncoding', name('WinAnsiEncoding')], ['Differences', diffs]]));
      });
      return { objects: [{ ref: new PdfRef(e.stream), value: stm }] };
    }),
  },
  {
    name: 'a signed page draws an object that did not exist when signed, defined later',
    base: async () => signFile(await draftWithDanglingReference()),
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      while (alloc.size < LATE_OBJECT) alloc.alloc();
      const ref = new PdfRef(LATE_OBJECT);
      const x = alloc.alloc(); // keep /Size above the new object
      void x;
      return { objects: [{ ref, value: formXObject('THAY DOI SAU KHI KY', 595, 842, [0, 0, 595, 842]) }] };
    }),
  },
  {
    name: 'new unsigned signature field whose widget paints over the content',
    base: plain,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const page = await firstPage(r);
      const ap = alloc.alloc();
      const w = alloc.alloc();
      return { objects: [
        { ref: ap, value: formXObject('SO TIEN: 9.999.999 DONG', 520, 100) },
        { ref: w, value: sigWidget(r, page.ref, ap, 'ChuKyTrong') },
        ...(await withAnnot(r, w)),
        ...(await withField(r, w)),
      ] };
    }),
  },
  {
    name: 'new signature widget on the page only (not in the form), painting over the content',
    base: plain,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const page = await firstPage(r);
      const ap = alloc.alloc();
      const w = alloc.alloc();
      return { objects: [{ ref: ap, value: formXObject('DA HUY', 520, 100) }, { ref: w, value: sigWidget(r, page.ref, ap, 'Khac') }, ...(await withAnnot(r, w))] };
    }),
  },
  {
    name: 'sneaky signature: a new widget reusing the existing signature value',
    base: plain,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const page = await firstPage(r);
      const sig = await firstSignatureField(r);
      const ap = alloc.alloc();
      const w = alloc.alloc();
      return { objects: [
        { ref: ap, value: formXObject('DA THANH TOAN', 520, 100) },
        { ref: w, value: sigWidget(r, page.ref, ap, 'ChuKy2', sig.dict.get('V') as PdfRef) },
        ...(await withAnnot(r, w)),
        ...(await withField(r, w)),
      ] };
    }),
  },
  {
    name: 'new appearance stream on the already-signed widget',
    base: plain,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const sig = await firstSignatureField(r);
      const ap = alloc.alloc();
      return { objects: [{ ref: ap, value: formXObject('KY THAY', 200, 40) }, { ref: sig.ref, value: sig.dict.set('AP', new PdfDict([['N', ap]])) }] };
    }),
  },
  {
    name: 'the signed widget\'s appearance stream redefined under its own number',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => {
      const sig = await firstSignatureField(r);
      const ap = (await r.resolveDict(sig.dict.get('AP')))!.get('N') as PdfRef;
      return { objects: [{ ref: ap, value: formXObject('KY THAY', 200, 40) }] };
    }),
  },
  {
    name: 'text field filled with an appearance painting beyond its widget',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const fld = await fieldNamed(r, 'so_ky_hieu');
      const ap = alloc.alloc();
      return { objects: [
        { ref: ap, value: formXObject('SO TIEN: 9.999.999.999 DONG', 150, 16, [-60, -700, 540, 16]) },
        { ref: fld.ref, value: fld.dict.set('V', PdfString.fromText('45/QD')).set('AP', new PdfDict([['N', ap]])) },
      ] };
    }),
  },
  {
    name: 'text field filled and its widget moved and enlarged',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r) => {
      const fld = await fieldNamed(r, 'so_ky_hieu');
      return { objects: [{ ref: fld.ref, value: fld.dict.set('V', PdfString.fromText('45/QD')).set('Rect', [40, 600, 560, 760]) }] };
    }),
  },
  {
    name: 'text field filled and its annotation flags changed',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r) => {
      const fld = await fieldNamed(r, 'so_ky_hieu');
      return { objects: [{ ref: fld.ref, value: fld.dict.set('V', PdfString.fromText('45/QD')).set('F', 2) }] };
    }),
  },
  {
    name: 'a new text field with a value and an appearance',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const page = await firstPage(r);
      const ap = alloc.alloc();
      const w = alloc.alloc();
      const widget = new PdfDict([
        ['Type', name('Annot')], ['Subtype', name('Widget')], ['FT', name('Tx')], ['T', PdfString.fromText('ghi_chu')],
        ['V', PdfString.fromText('DA HUY')], ['Rect', [40, 640, 560, 740]], ['P', page.ref], ['AP', new PdfDict([['N', ap]])],
      ]);
      return { objects: [{ ref: ap, value: formXObject('DA HUY', 520, 100) }, { ref: w, value: widget }, ...(await withAnnot(r, w)), ...(await withField(r, w))] };
    }),
  },
  {
    name: 'a new FreeText annotation',
    base: plain,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const ap = alloc.alloc();
      const a = alloc.alloc();
      const annot = new PdfDict([
        ['Type', name('Annot')], ['Subtype', name('FreeText')], ['Rect', [40, 640, 560, 740]], ['Contents', PdfString.fromText('DA HUY')],
        ['DA', PdfString.fromText('/Helv 24 Tf 0 g')], ['AP', new PdfDict([['N', ap]])],
      ]);
      return { objects: [{ ref: ap, value: formXObject('DA HUY', 520, 100) }, { ref: a, value: annot }, ...(await withAnnot(r, a))] };
    }),
  },
  {
    name: 'a second widget added to an existing text field',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const fld = await fieldNamed(r, 'so_ky_hieu');
      const page = await firstPage(r);
      const ap = alloc.alloc();
      const kid = alloc.alloc();
      const parent = fld.dict.clone();
      for (const k of ['Type', 'Subtype', 'Rect', 'P', 'AP', 'F', 'MK']) parent.delete(k);
      const first = alloc.alloc();
      const w1 = fld.dict.clone();
      for (const k of ['T', 'FT', 'V', 'DA', 'Ff']) w1.delete(k);
      return { objects: [
        { ref: ap, value: formXObject('DA HUY', 520, 100) },
        { ref: first, value: w1.set('Parent', fld.ref) },
        { ref: kid, value: new PdfDict([['Type', name('Annot')], ['Subtype', name('Widget')], ['Rect', [40, 640, 560, 740]], ['P', page.ref], ['Parent', fld.ref], ['AP', new PdfDict([['N', ap]])]]) },
        { ref: fld.ref, value: parent.set('Kids', [first, kid]) },
        ...(await withAnnot(r, kid)),
      ] };
    }),
  },
  {
    name: 'the content stream freed',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => ({ objects: [{ ref: await firstContentRef(r), value: null }] })),
  },
  {
    name: 'a page added at the end',
    base: plain,
    forge: (f) => appendUpdate(f, async (r, alloc) => {
      const page = await firstPage(r);
      const treeRef = page.dict.get('Parent') as PdfRef;
      const tree = (await r.resolveDict(treeRef))!.clone();
      const content = alloc.alloc();
      const np = alloc.alloc();
      const kids = (await r.resolve(tree.get('Kids'))) as PdfObject[];
      return { objects: [
        { ref: content, value: PdfStream.ofData(new PdfDict(), overlayContent('PHU LUC GIA MAO')) },
        { ref: np, value: new PdfDict([['Type', name('Page')], ['Parent', treeRef], ['MediaBox', [0, 0, 595, 842]], ['Contents', content], ['Resources', new PdfDict([['Font', new PdfDict([['FA', helvetica()]])]])]]) },
        { ref: treeRef, value: tree.set('Kids', [...kids, np]).set('Count', kids.length + 1) },
      ] };
    }),
  },
  {
    name: 'an open action added to the catalog',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => {
      const root = r.trailer.get('Root') as PdfRef;
      return { objects: [{ ref: root, value: (await r.catalog()).clone().set('OpenAction', new PdfDict([['S', name('JavaScript')], ['JS', PdfString.fromText('app.alert(1)')]])) }] };
    }),
  },
  {
    name: 'page resources gain a font that remaps a resource name',
    base: plain,
    forge: (f) => appendUpdate(f, async (r) => ({ objects: [await pageWithFont(r)] })),
  },
  {
    name: 'AcroForm NeedAppearances switched on with a changed value (viewers redraw from the value)',
    base: withForm,
    forge: (f) => appendUpdate(f, async (r) => {
      const fld = await fieldNamed(r, 'so_ky_hieu');
      const form = await acroForm(r);
      form.dict.set('NeedAppearances', true);
      const objs = [{ ref: fld.ref, value: fld.dict.set('V', PdfString.fromText('99/GIA-MAO')) }];
      if (form.ref) objs.push({ ref: form.ref, value: form.dict });
      else objs.push({ ref: r.trailer.get('Root') as PdfRef, value: (await r.catalog()).clone().set('AcroForm', form.dict) });
      return { objects: objs };
    }),
  },
];

export { text };
