import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  buildIncrementalUpdate, name, ObjectAllocator, openFileSource, PdfDict, PdfObject, PdfReader, PdfRef, PdfStream, PdfString, UpdateObject,
} from '../../../signing/pdf';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

async function withReader<T>(file: string, fn: (r: PdfReader, last: number) => Promise<T>): Promise<T> {
  const src = await openFileSource(file);
  try {
    return await fn(await PdfReader.open(src), (await src.read(src.size - 1, 1))[0]);
  } finally {
    await src.close();
  }
}

function out(bytes: Buffer, label: string): string {
  const p = join(tempDir('vanban-ltv-'), `${label}.pdf`);
  writeFileSync(p, bytes);
  return p;
}

/** Appends a DSS (ETSI EN 319 142-1 §5.4.2) with the CA certificates and both CRLs. */
export async function addDss(file: string): Promise<string> {
  const pki = verifyPki();
  const upd = await withReader(file, async (r, last) => {
    const alloc = new ObjectAllocator(r);
    const objs: UpdateObject[] = [];
    const stream = (data: Buffer): PdfRef => {
      const ref = alloc.alloc();
      objs.push({ ref, value: PdfStream.ofData(new PdfDict(), data) });
      return ref;
    };
    const certs = [pki.intermediatePem, pki.rootPem].map((p) => stream(pemToDer(p)));
    const crls = [pki.crlDer, pki.rootCrlDer].map(stream);
    const dssRef = alloc.alloc();
    objs.push({ ref: dssRef, value: new PdfDict([['Type', name('DSS')], ['Certs', certs], ['CRLs', crls]]) });
    const rootRef = r.trailer.get('Root') as PdfRef;
    objs.push({ ref: rootRef, value: (await r.catalog()).clone().set('DSS', dssRef) });
    return buildIncrementalUpdate(r, objs, alloc, last);
  });
  return out(Buffer.concat([readFileSync(file), upd.bytes]), 'dss');
}

const PLACEHOLDER = 9_999_999_999;
const TOKEN_ROOM = 12_000;

/** Appends a document timestamp (SubFilter ETSI.RFC3161) made by `openssl ts`. */
export async function addDocumentTimestamp(file: string): Promise<string> {
  const pki = verifyPki();
  const original = readFileSync(file);
  const upd = await withReader(file, async (r, last) => {
    const alloc = new ObjectAllocator(r);
    const sigRef = alloc.alloc();
    const fieldRef = alloc.alloc();
    const [pageRef] = await r.pages();
    const objs: UpdateObject[] = [
      {
        ref: sigRef,
        value: new PdfDict([
          ['Type', name('DocTimeStamp')], ['Filter', name('Adobe.PPKLite')], ['SubFilter', name('ETSI.RFC3161')],
          ['ByteRange', [0, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER]],
          ['Contents', new PdfString(Buffer.alloc(TOKEN_ROOM), true)],
        ]),
      },
      {
        ref: fieldRef,
        value: new PdfDict([
          ['FT', name('Sig')], ['T', PdfString.fromText('DauThoiGian')], ['V', sigRef], ['Type', name('Annot')],
          ['Subtype', name('Widget')], ['Rect', [0, 0, 0, 0]], ['F', 132], ['P', pageRef],
        ]),
      },
    ];
    const catalog = await r.catalog();
    const formObj = catalog.get('AcroForm');
    const form = (await r.resolveDict(formObj))!.clone();
    const fields = (await r.resolve(form.get('Fields'))) as PdfObject[];
    form.set('Fields', [...fields, fieldRef]);
    if (formObj instanceof PdfRef) objs.push({ ref: formObj, value: form });
    else objs.push({ ref: r.trailer.get('Root') as PdfRef, value: catalog.clone().set('AcroForm', form) });
    const page = (await r.resolveDict(pageRef))!.clone();
    const annots = ((await r.resolve(page.get('Annots'))) as PdfObject[] | null) ?? [];
    objs.push({ ref: pageRef, value: page.set('Annots', [...annots, fieldRef]) });
    return buildIncrementalUpdate(r, objs, alloc, last);
  });
  const pdf = Buffer.concat([original, upd.bytes]);
  const text = pdf.toString('latin1');
  const brAt = text.lastIndexOf(`[0 ${PLACEHOLDER} ${PLACEHOLDER} ${PLACEHOLDER}]`);
  const gapStart = text.indexOf('/Contents <', brAt) + '/Contents '.length;
  const gapEnd = text.indexOf('>', gapStart) + 1;
  const placeholder = `[0 ${PLACEHOLDER} ${PLACEHOLDER} ${PLACEHOLDER}]`;
  const br = `[0 ${gapStart} ${gapEnd} ${pdf.length - gapEnd}]`.padEnd(placeholder.length, ' ');
  pdf.write(br, brAt, 'latin1');
  const token = pki.timestamp(Buffer.concat([pdf.subarray(0, gapStart), pdf.subarray(gapEnd)]));
  pdf.write(token.toString('hex'), gapStart + 1, 'latin1');
  return out(pdf, 'doc-timestamp');
}
