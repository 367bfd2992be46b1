/** Demo government CA (root + sub CA), CRL, OCSP responder and RFC 3161 TSA. DEMO ONLY. */
export { initCa, loadCa, CA_NAMES, type CaBundle, type CaMember, type InitCaOptions } from './bundle';
export { issueCertificate, type IssueRequest, type IssuedCertificate } from './issue';
export { buildPkcs12, type P12Input } from './pkcs12';
export { CaError, type CaErrorCode } from './errors';
export { DEFAULT_BASE_URL, PKI_PATHS, pkiUrls, type PkiUrls } from './urls';
export type { RevocationReason, CaState, IssuedRecord, RevokedRecord } from './state';
export { revokeCertificate, createCrl, CRL_VALIDITY_MS } from './revocation';
export { respondOcsp } from './ocsp';
export { respondTimestamp, DEMO_TSA_POLICY } from './tsa';
export { requestTimestamp, buildOcspRequest, fetchOcsp, fetchCrl, type HttpOptions, type TimestampOptions } from './client';
