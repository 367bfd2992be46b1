import { openFileSource, PdfReader, PdfSource } from '../pdf';
import { listFields } from './fields';

/** Names of the text fields a draft carries (candidates for number/symbol and issue date fills). */
export async function listTextFieldNames(input: PdfSource | string): Promise<string[]> {
  const src = typeof input === 'string' ? await openFileSource(input) : input;
  try {
    const reader = await PdfReader.open(src);
    const acro = await reader.resolveDict((await reader.catalog()).get('AcroForm'));
    return (await listFields(reader, acro)).filter((f) => f.type === 'Tx').map((f) => f.fullName);
  } finally {
    if (typeof input === 'string') await src.close();
  }
}
