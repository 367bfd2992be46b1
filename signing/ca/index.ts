/**
 * Demo government CA shaped after the Government Cipher Committee's PKI: root CA → sub CA →
 * officials' and agency seal certificates, plus a TSA and a delegated OCSP responder, all
 * RSA-2048/SHA-256 (end-entity keys RSA or ECDSA P-256). DEMO ONLY: keys are stored
 * unencrypted. Directory layout: {root,sub,tsa,ocsp}.pem + .key, chain.pem, state.json.
 * Responders are pure (bytes in, bytes out); HTTP paths are in PKI_PATHS.
 */
export { initCa, loadCa, reloadCaState, CA_NAMES, type CaBundle, type CaMember, type InitCaOptions } from './bundle';
export { issueCertificate, type IssueRequest, type IssuedCertificate } from './issue';
export { generateKeyPair, type KeyPairPem, type KeySource } from './keys';
export { buildPkcs12, type P12Input } from './pkcs12';
export { CaError, type CaErrorCode } from './errors';
export { DEFAULT_BASE_URL, PKI_PATHS, pkiUrls, type PkiUrls } from './urls';
export type { RevocationReason, CaState, IssuedRecord, RevokedRecord } from './state';
export { revokeCertificate, createCrl, CRL_VALIDITY_MS } from './revocation';
export { respondOcsp } from './ocsp';
export { respondTimestamp, DEMO_TSA_POLICY } from './tsa';
export { requestTimestamp, buildOcspRequest, fetchOcsp, fetchCrl, type HttpOptions, type TimestampOptions } from './client';
