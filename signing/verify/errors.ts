import { CodedError } from '../coded-error';

/** Errors of the verification layer: callers branch on `code`, users read the Vietnamese `message`. */
export type VerifyErrorCode =
  | 'VERIFY_INPUT'
  | 'VERIFY_PDF_MALFORMED'
  | 'VERIFY_CMS_MALFORMED'
  | 'VERIFY_UNSUPPORTED'
  | 'VERIFY_TRUST_ANCHOR';

export class VerifyError extends CodedError<VerifyErrorCode> {
  constructor(code: VerifyErrorCode, message: string, detail = '') {
    super('VerifyError', code, message, detail);
  }
}

export function cmsMalformed(detail: string): VerifyError {
  return new VerifyError('VERIFY_CMS_MALFORMED', 'Dữ liệu chữ ký (CMS) bị hỏng hoặc không đúng cấu trúc.', detail);
}

export function unsupportedAlgorithm(detail: string): VerifyError {
  return new VerifyError('VERIFY_UNSUPPORTED', 'Thuật toán chữ ký chưa được hỗ trợ.', detail);
}
