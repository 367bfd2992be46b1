/** Signature verification of PDFs: integrity, changes after signing, trust, revocation, PAdES level. */
export { verifyPdf, type VerifyOptions } from './verify-pdf';
export { VerifyError, type VerifyErrorCode } from './errors';
export { httpFetcher, type RevocationFetcher, type RevocationRequest } from './revocation';
export * from './report';
export { INTEGRITY_VI, CHAIN_VI, REVOCATION_VI, CHANGES_VI } from './summary';
export { checkSignerReadiness, signerReadinessMemory, type SignerReadiness } from './signer-readiness';
