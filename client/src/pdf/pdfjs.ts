import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = pdfjs.PDFDocumentProxy;

/** Opens PDF bytes; a copy is handed over because pdf.js transfers (detaches) the buffer to its worker. */
export function openPdf(bytes: ArrayBuffer): Promise<PdfDocument> {
  // isEvalSupported: the server's CSP forbids eval; pdf.js would otherwise try it for fonts.
  return pdfjs.getDocument({ data: new Uint8Array(bytes.slice(0)), isEvalSupported: false }).promise;
}

export interface TextBox {
  page: number;
  /** PDF points, origin bottom-left. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a piece of text (the signer's printed name) sits, to propose the signature position. */
export async function findText(doc: PdfDocument, needle: string): Promise<TextBox | null> {
  const wanted = needle.normalize('NFC').trim();
  if (!wanted) return null;
  for (let n = doc.numPages; n >= 1; n--) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.normalize('NFC').includes(wanted)) continue;
      const [, , , d, e, f] = item.transform as number[];
      return { page: n, x: e, y: f, width: item.width, height: item.height || Math.abs(d) };
    }
  }
  return null;
}
