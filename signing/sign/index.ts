/** PAdES signing by incremental update (one-go and two-phase). */
export { signPdf, type SignPdfOptions, type SignResult, type PadesLevel } from './sign-pdf';
export {
  preparePdfSignature, completePdfSignature, type PrepareOptions, type PreparedSignature,
  type PreparedSignatureState, type ExternalSignature, type CompleteOptions, type CompleteResult,
} from './two-phase';
export { type AppearanceOptions, type FieldChoice, type SignatureKind } from './update-builder';
export { type Rect, type SignatureBlockText } from './appearance';
export { loadP12, signWithMaterial, normalizeSignatureValue, type SignerMaterial } from './signer-key';
export { httpTimestamper, type Timestamper } from './tsa';
export { listTextFieldNames } from './list-fields';
export { SignError, type SignErrorCode } from './errors';
export { isoVietnam, pdfDate } from './time';
export { checkPng } from './png';
