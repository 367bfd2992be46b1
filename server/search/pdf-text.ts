import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface ExtractedText {
  /** NFC text of every page, pages separated by form feeds; empty for scans without a text layer. */
  text: string;
  pages: number;
}

// Enough for a long document; the text's tsvector rides on every `documents` row that uses the file.
export const MAX_TEXT_CHARS = 100_000;

/**
 * Runs in a separate Node process: PDFs come from outside, so a hostile one can at worst exhaust
 * that process (memory-capped, killed on timeout), never the server. pdfjs-dist is ESM-only, which
 * the child imports natively. Reads the PDF on stdin, writes {text, pages} as JSON on stdout.
 */
const CHILD = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  try {
    const pdfjs = await import(process.argv[1]);
    const data = new Uint8Array(Buffer.concat(chunks));
    const doc = await pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    const limit = Number(process.argv[2]);
    let text = '';
    for (let i = 1; i <= doc.numPages && text.length < limit; i += 1) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      text += content.items.map((it) => (it.str ?? '') + (it.hasEOL ? '\\n' : '')).join('') + '\\f';
      page.cleanup();
    }
    process.stdout.write(JSON.stringify({ text: text.slice(0, limit), pages: doc.numPages }));
  } catch (err) {
    process.stderr.write(String(err && err.message || err));
    process.exitCode = 1;
  }
});`;

export function extractPdfText(pdf: Buffer, timeoutMs = 60_000): Promise<ExtractedText> {
  const pdfjs = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '-e', CHILD, pdfjs, String(MAX_TEXT_CHARS)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`PDF text extraction failed (${signal ?? code}): ${Buffer.concat(err).toString('utf8').slice(0, 300)}`));
      try {
        const parsed = JSON.parse(Buffer.concat(out).toString('utf8')) as ExtractedText;
        // Vietnamese often comes out decomposed (base letter + combining marks): search expects NFC.
        const text = parsed.text.normalize('NFC').replace(/\u0000/g, '');
        resolve({ text: /[\p{L}\p{N}]/u.test(text) ? text : '', pages: parsed.pages });
      } catch (e) {
        reject(e as Error);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
  });
}
