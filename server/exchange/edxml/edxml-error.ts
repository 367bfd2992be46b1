import { CodedError } from '../../../signing/coded-error';

/** Every way a package can be refused; the HTTP layer maps these codes to 400/413/422. */
export type EdxmlErrorCode =
  | 'EDXML_MALFORMED'
  | 'EDXML_DOCTYPE_FORBIDDEN'
  | 'EDXML_WRONG_NAMESPACE'
  | 'EDXML_MISSING_FIELD'
  | 'EDXML_INVALID_FIELD'
  | 'EDXML_HEADER_TOO_LARGE'
  | 'EDXML_BAD_BASE64'
  | 'EDXML_ATTACHMENT_TOO_LARGE'
  | 'EDXML_BAD_ZIP'
  | 'EDXML_UNSAFE_PATH'
  | 'EDXML_ATTACHMENT_MISMATCH';

export class EdxmlError extends CodedError<EdxmlErrorCode> {
  constructor(code: EdxmlErrorCode, message: string, detail = '') {
    super('EdxmlError', code, message, detail);
  }
}

export const isEdxmlError = (err: unknown): err is EdxmlError => err instanceof EdxmlError;
