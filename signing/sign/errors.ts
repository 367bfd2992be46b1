import { CodedError } from '../coded-error';

/** Coded errors of the signer; `message` is Vietnamese for users, `detail` English for logs. */
export type SignErrorCode =
  | 'SIGN_BAD_INPUT'
  | 'SIGN_BAD_IMAGE'
  | 'SIGN_BAD_KEY'
  | 'SIGN_BAD_P12'
  | 'SIGN_PAGE_NOT_FOUND'
  | 'SIGN_ANCHOR_NOT_FOUND'
  | 'SIGN_BLOCK_MISMATCH'
  | 'SIGN_LEADER_SIGNATURE_NOT_FOUND'
  | 'SIGN_FIELD_NOT_FOUND'
  | 'SIGN_PLACEHOLDER_TOO_SMALL'
  | 'SIGN_BAD_SIGNATURE_VALUE'
  | 'SIGN_DOCMDP_FORBIDS'
  | 'SIGN_FIELD_LOCKED'
  | 'SIGN_CERT_EXPIRED'
  | 'SIGN_CERT_NOT_YET_VALID'
  | 'SIGN_CERT_KEY_USAGE'
  | 'SIGN_CERT_REVOKED'
  | 'SIGN_WEAK_KEY'
  | 'SIGN_IO'
  | 'TSA_UNAVAILABLE'
  | 'TSA_REJECTED';

export class SignError extends CodedError<SignErrorCode> {
  constructor(code: SignErrorCode, message: string, detail = '') {
    super('SignError', code, message, detail);
  }
}

/** Our coded errors pass through; anything else (file system, unexpected) becomes SIGN_IO/coded. */
export function coded(e: unknown): Error {
  if (e instanceof SignError) return e;
  if (e instanceof Error && e.name === 'PdfError') return e;
  const err = e as NodeJS.ErrnoException;
  return new SignError('SIGN_IO', 'Không đọc hoặc ghi được tệp khi ký.', `${err?.code ?? ''} ${err?.message ?? String(e)}`.trim());
}
