import type { KeyObject } from 'node:crypto';
import type { FieldChoice, SignatureBlockText } from '../../signing/sign';
import type { BlobInfo } from '../../storage';

export type { FieldChoice };

export interface IssueFieldNames {
  number?: string;
  date?: string;
}

/** A private key with its certificate chain, as unsealed for one signing. */
export interface SignerMaterial {
  keyPem: string;
  /** The key already parsed, when the caller keeps it (the agency seal key). */
  keyObject?: KeyObject;
  certPem: string;
  chainPem: string[];
}

export interface CertificateInfo {
  subject: string;
  commonName: string;
  notAfter: Date;
}

export interface Placement {
  page?: number;
  rect?: [number, number, number, number];
  /** Text on the page the signature block is placed over (e.g. the signer's name). */
  anchor?: string;
}

/** A leader signing on behalf of another (Decree 30): the lines above the signature and the name below. */
export type SignatureBlock = SignatureBlockText;

export interface PreparedExternal {
  preparedKey: string;
  /** What the token or remote service signs: DER of the CMS signed attributes. */
  toBeSigned: Buffer;
  /** SHA-256 of the signed byte ranges, for services that return a whole CMS. */
  documentDigest: Buffer;
  state: unknown;
}

/** Per-signature verdict as the clerk's screen and the API show it. */
export interface VerificationOutcome {
  valid: boolean;
  summary: string;
  report: unknown;
}

/**
 * The server's view of signing/: everything in and out is a blob in the store, so documents never
 * pass through memory whole. The composition root implements it over the signing library.
 */
export interface DocumentSigning {
  readP12(p12: Buffer, password: string): Promise<SignerMaterial & CertificateInfo>;
  certificateInfo(certPem: string): CertificateInfo;
  /** `issueFields`: empty number/date fields laid over the draft's printed blanks in the leader's update (see signing/sign/issue-fields.ts). */
  signAsLeader(input: { sourceKey: string; signer: SignerMaterial; image: Buffer | null; placement: Placement; signingTime: Date; reason: string; issueFields?: IssueFieldNames; block?: SignatureBlock }): Promise<BlobInfo>;
  /**
   * The agency seal with number and date filled in (each of `fieldChoices` into the first of its fields the file has;
   * `filledFields` says which), then `verify` of the result; off the event loop when a seal worker pool is configured.
   */
  sealAndVerify(input: { sourceKey: string; signer: SignerMaterial; sealImage: Buffer | null; fieldChoices: FieldChoice[]; signingTime: Date; reason: string; trustAnchors: string[] }): Promise<{ blob: BlobInfo; verification: VerificationOutcome; filledFields: string[] }>;
  prepareExternal(input: { sourceKey: string; certPem: string; chainPem: string[]; image: Buffer | null; placement: Placement; signingTime: Date; reason: string; issueFields?: IssueFieldNames; block?: SignatureBlock }): Promise<PreparedExternal>;
  completeExternal(prepared: { preparedKey: string; state: unknown }, result: { signatureValue?: Buffer; cms?: Buffer }): Promise<BlobInfo>;
  /** Names of the text form fields the PDF carries (for number/symbol and date at issue time). */
  listTextFields(sourceKey: string): Promise<string[]>;
  verify(sourceKey: string, trustAnchors: string[]): Promise<VerificationOutcome>;
  /** Whether a signature made now with this material would verify as trusted (certificate matches the key, chains to an anchor). */
  sealReadiness(signer: SignerMaterial, trustAnchors: string[], time: Date): { ready: boolean; reason?: string };
  /** Throws a coded error unless the stored file is a PDF the signer can work with. */
  assertReadablePdf(sourceKey: string): Promise<void>;
}

/** Conventional names of the fields a draft template carries for what the clerk's issue writes. */
export const NUMBER_FIELD_NAMES = ['so_ky_hieu', 'number_symbol', 'SoKyHieu'];
export const DATE_FIELD_NAMES = ['ngay_ban_hanh', 'issue_date', 'NgayBanHanh'];
/** Fields the leader's signature lays over the printed "Số:" and date blanks when the draft has no fields of its own. */
export const PLACED_NUMBER_FIELD = 'vanban_so_ky_hieu';
export const PLACED_DATE_FIELD = 'vanban_ngay_ban_hanh';

/** Which issue fields the leader's update must add, given the text fields the draft already has. */
export function missingIssueFields(existing: string[]): IssueFieldNames | undefined {
  const number = existing.some((f) => NUMBER_FIELD_NAMES.includes(f) || f === PLACED_NUMBER_FIELD) ? undefined : PLACED_NUMBER_FIELD;
  const date = existing.some((f) => DATE_FIELD_NAMES.includes(f) || f === PLACED_DATE_FIELD) ? undefined : PLACED_DATE_FIELD;
  return number || date ? { number, date } : undefined;
}
