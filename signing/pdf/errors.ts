import { CodedError } from '../coded-error';

/** Stable error codes of the PDF layer; callers branch on `code`, users read `message`. */
export type PdfErrorCode =
  | 'PDF_MALFORMED'
  | 'PDF_UNSUPPORTED'
  | 'PDF_ENCRYPTED'
  | 'PDF_TOO_LARGE'
  | 'PDF_IO';

export class PdfError extends CodedError<PdfErrorCode> {
  constructor(code: PdfErrorCode, message: string, detail = '') {
    super('PdfError', code, message, detail);
  }
}

export function malformed(detail: string): PdfError {
  return new PdfError('PDF_MALFORMED', 'Tệp PDF bị hỏng hoặc không đúng cấu trúc.', detail);
}

export function unsupported(detail: string): PdfError {
  return new PdfError('PDF_UNSUPPORTED', 'Cấu trúc PDF này chưa được hỗ trợ.', detail);
}
