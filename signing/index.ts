/**
 * Public entry of the signing library: PAdES signing (incremental update), verification, and the
 * low-level PDF reader.
 */
export * from './sign';
export * from './verify';
// Both modules name these; the signer's meaning wins here, the verifier's are aliased.
export type { PadesLevel, SignatureKind } from './sign';
export type { PadesLevel as VerifiedPadesLevel, SignatureKind as VerifiedSignatureKind } from './verify';
export {
  PdfReader, PdfError, openFileSource, bufferSource, type PdfSource, type PdfRevision, type PdfObject,
} from './pdf';
