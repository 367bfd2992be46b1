/**
 * Verification report: the stable contract shown to clerks and consumed by the server.
 * All enums are plain strings so they survive JSON and database storage unchanged.
 */

/** Do the signed byte ranges hash to the value the CMS signed, and is the CMS signature itself valid? */
export type IntegrityStatus =
  /** Byte ranges hash correctly and the signer's signature over the signed attributes verifies. */
  | 'intact'
  /** The document bytes or the CMS were altered (digest mismatch, bad signature value). */
  | 'broken'
  /** The signature could not be evaluated (malformed CMS, unsupported algorithm, bad /ByteRange). */
  | 'error';

/** Certificate path from the signer to one of the configured trust anchors. */
export type ChainStatus =
  /** A complete path to a trust anchor, every certificate valid at the signing time. */
  | 'trusted'
  /** No path to any configured trust anchor (unknown root or missing intermediate). */
  | 'untrusted'
  /** A path exists but some certificate was not valid at the signing time. */
  | 'expired'
  /** A path exists but violates constraints (key usage, basic constraints, bad certificate signature). */
  | 'invalid'
  /** The signature could not be evaluated far enough to look at certificates. */
  | 'error';

/** Revocation status of the signer's path; never 'good' unless a CRL or OCSP answer said so. */
export type RevocationStatus =
  | 'good'
  | 'revoked'
  /** No revocation data embedded and fetching was disabled (offline). */
  | 'not_checked'
  /** Data was looked for but none was usable (unreachable responder, unverifiable response). */
  | 'unknown';

/** The worst kind of change made by revisions after the signed one. */
export type ChangesAfter =
  /** The signature covers the whole file. */
  | 'none'
  /** Later revisions only add signatures, document timestamps or validation data (DSS). */
  | 'signatures_only'
  /** Later revisions also fill in existing form fields. */
  | 'form_fill'
  /** Anything else: page content, resources, annotations, freed objects... */
  | 'disallowed';

/** PAdES baseline level reached (ETSI EN 319 142-1); null for non-PAdES signatures. */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA' | null;

export type SignatureKind = 'signature' | 'document_timestamp';

export interface SignerInfoReport {
  commonName: string | null;
  organization: string | null;
  /** RFC 4514-like string of the subject. */
  subject: string;
  issuer: string;
  serialNumber: string;
  /** Certificate validity, ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate's DER (lower-case hex): to match it with a registered certificate. */
  fingerprint: string;
}

export interface TimestampReport {
  /** Generation time asserted by the TSA (ISO 8601). */
  time: string;
  /** The token's message imprint matches and its CMS signature verifies. */
  valid: boolean;
  /** TSA certificate path to the trust anchors. */
  chain: ChainStatus;
  tsaName: string | null;
}

export interface SignatureError {
  /** Stable English code, e.g. DIGEST_MISMATCH. */
  code: string;
  /** Vietnamese explanation for display. */
  message: string;
}

/**
 * Outcome per ETSI EN 319 102-1 §5.1.3: `valid`; `invalid` when something is proven wrong
 * (altered bytes, a disallowed change, a revoked or misused certificate); `indeterminate` when it
 * cannot be decided (unknown or expired chain, weak algorithms, unsupported or unanalysable input).
 */
export type ValidationStatus = 'valid' | 'invalid' | 'indeterminate';

export interface SignatureReport {
  /** The verdict; `valid` below is `status === 'valid'`. */
  status: ValidationStatus;
  /** Coded reasons for an invalid or indeterminate status (empty when valid). */
  reasons: SignatureError[];
  /** Coded remarks that do not change the status (revocation not checked, timestamp problems). */
  warnings: SignatureError[];
  /** Fully qualified field name (parent.child). */
  field: string;
  kind: SignatureKind;
  subFilter: string | null;
  signer: SignerInfoReport | null;
  /**
   * Time used for validation (ISO 8601): the signature timestamp's time when there is one,
   * else the CMS signing-time attribute, else the PDF /M entry (self-declared, least trusted).
   */
  signingTime: string | null;
  signingTimeSource: 'timestamp' | 'cms' | 'pdf' | null;
  /** The /ByteRange as written: [start1, length1, start2, length2]. */
  byteRange: number[] | null;
  /** 0-based index of the revision the signature closes. */
  revision: number | null;
  integrity: IntegrityStatus;
  /** The signed ranges reach the end of the file (no later revision). */
  coversWholeFile: boolean;
  changesAfter: ChangesAfter;
  /**
   * English notes on every change made after this signature, each allowed one ("allowed: text field
   * \"so_ky_hieu\" filled") and each disallowed one ("disallowed: page 1 /Contents (object 5): stream data changed").
   */
  changeDetails: string[];
  chain: ChainStatus;
  revocation: RevocationStatus;
  timestamp: TimestampReport | null;
  level: PadesLevel;
  /** status === 'valid': intact, trusted, not revoked, no weak algorithm, no disallowed change afterwards. */
  valid: boolean;
  /** One Vietnamese sentence for the clerk. */
  summary: string;
  errors: SignatureError[];
}

export interface VerificationReport {
  /** invalid if any signature is; else indeterminate if any is (or there is none); else valid. */
  status: ValidationStatus;
  /** Distinct reason codes over all signatures (NO_SIGNATURES for an unsigned file). */
  reasons: SignatureError[];
  /** True only when there is at least one signature and every signature is valid (status === 'valid'). */
  valid: boolean;
  fileSize: number;
  revisions: number;
  signatures: SignatureReport[];
  /** Vietnamese overall summary for display. */
  summary: string;
}
