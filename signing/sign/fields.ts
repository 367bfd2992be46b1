import { PdfDict, PdfObject, PdfReader, PdfString } from '../pdf';
import { FormField, walkAcroForm } from '../pdf/acroform';

export type { FormField } from '../pdf/acroform';

/**
 * Terminal fields of the newest revision's form, through the walker the verifier uses too
 * (loop-safe, bounded, failing closed). `acroForm` is accepted for older callers and ignored:
 * the form is always the catalog's.
 */
export async function listFields(reader: PdfReader, acroForm?: PdfDict): Promise<FormField[]> {
  void acroForm;
  return (await walkAcroForm(reader)).fields;
}

export function daFontSize(da: PdfObject | undefined, fallback: number): number {
  if (!(da instanceof PdfString)) return fallback;
  const m = /([\d.]+)\s+Tf/.exec(da.text());
  const v = m ? parseFloat(m[1]) : 0;
  return v > 0 ? v : fallback;
}
