/** PAdES signing by incremental update (one-go and two-phase). */
export {
  signPdf, preparePdfSignature, completePdfSignature,
  type SignPdfOptions, type SignResult, type PadesLevel, type PrepareOptions, type PreparedSignature,
  type PreparedSignatureState, type ExternalSignature, type CompleteOptions, type CompleteResult,
} from './sign-pdf';
export { type AppearanceOptions, type SignatureKind } from './update-builder';
export { type Rect } from './appearance';
export { loadP12, signWithMaterial, normalizeSignatureValue, type SignerMaterial } from './signer-key';
export { httpTimestamper, type Timestamper } from './tsa';
export { listTextFieldNames } from './list-fields';
export { SignError, type SignErrorCode } from './errors';
export { isoVietnam, pdfDate } from './time';
