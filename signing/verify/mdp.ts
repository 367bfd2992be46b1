import { PdfDict, PdfReader } from '../pdf';
import { docMdpLevel, FieldLock, isLockedBy, locksOf } from '../pdf/mdp';
import { ChangePolicy } from './changes';

export interface SignedFieldInfo {
  sigDict: PdfDict;
  /** The signature field's own dictionary (for /Lock), as of the signature's revision. */
  fieldDict: PdfDict | undefined;
  revision: number | null;
}

/**
 * What the signature of revision `signedRev` allows afterwards: the certification level in force
 * then, and the fields frozen by every signature made up to then.
 */
export async function changePolicyFor(reader: PdfReader, signedRev: number, signatures: SignedFieldInfo[]): Promise<ChangePolicy> {
  const locks: FieldLock[] = [];
  for (const s of signatures) {
    if (s.revision === null || s.revision > signedRev) continue;
    locks.push(...(await locksOf(reader, s.sigDict, s.fieldDict, s.revision)));
  }
  return { docMdp: await docMdpLevel(reader, signedRev), isLocked: (f) => isLockedBy(locks, f) };
}
