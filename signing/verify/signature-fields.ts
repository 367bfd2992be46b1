import { PdfDict, PdfReader, PdfRef, walkAcroForm } from '../pdf';

export interface SignatureField {
  name: string;
  /** The signature dictionary (/V) and its object number (to find the revision that added it). */
  sigDict: PdfDict;
  sigRef: PdfRef | null;
  /** The field node carrying /V. */
  fieldRef: PdfRef;
}

/** Signed signature fields of the newest revision, in AcroForm order (the walker shared with the signer). */
export async function findSignatureFields(reader: PdfReader): Promise<SignatureField[]> {
  const tree = await walkAcroForm(reader);
  const out: SignatureField[] = [];
  for (const node of tree.nodes.values()) {
    if (node.type !== 'Sig' || !node.dict.has('V')) continue;
    const v = node.dict.get('V');
    const sig = await reader.resolveDict(v);
    if (sig) out.push({ name: node.fullName || '(không tên)', sigDict: sig, sigRef: v instanceof PdfRef ? v : null, fieldRef: node.ref });
  }
  return out;
}
