/**
 * Every failure the API reports carries a stable English code and a Vietnamese message.
 * The single table below decides the HTTP status for each code.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const statusByCode: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_ORG_CODE: 400,
  INVALID_LEVEL_ORDER: 400,
  INVALID_IMPORT_FILE: 400,
  INVALID_FILE: 400,
  NOT_A_PDF: 400,
  SECRET_DOCUMENT_NO_FILE: 400,
  BLOB_RANGE_INVALID: 416,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  SIGNATURE_INVALID: 400,
  WRONG_PIN: 403,
  PIN_LOCKED: 403,
  NO_CERTIFICATE: 409,
  CERTIFICATE_EXPIRED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  BLOB_NOT_FOUND: 404,
  ORG_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  ORG_CODE_TAKEN: 409,
  USERNAME_TAKEN: 409,
  UNIT_ABBREVIATION_TAKEN: 409,
  INVALID_STATE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  BLOB_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOGIN_THROTTLED: 429,
  BLOB_CORRUPT: 500,
  INTERNAL: 500,
  STORAGE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  // Signature verification (issue 9): two-phase signing and issuing refuse what does not verify.
  CERTIFICATE_NOT_REGISTERED: 403,
  SIGNATURE_NOT_VALID: 400,
  SIGNER_NOT_REGISTERED: 403,
  LEADER_SIGNATURE_NOT_VALID: 409,
  SEAL_SIGNATURE_NOT_VALID: 409,
  // security and resilience (issue 10)
  INVALID_MULTIPART: 400,
  REQUEST_ABORTED: 400,
  BAD_REQUEST: 400,
  INVALID_IMAGE: 400,
  SIGN_IO: 500,
  PDF_IO: 500,
  CA_CORRUPT: 500,
  TSA_UNAVAILABLE: 503,
  OCSP_UNAVAILABLE: 503,
  CRL_UNAVAILABLE: 503,
  STORAGE_CONFIG_INVALID: 500,
  // search, lists and exports (issue 12)
  INVALID_CURSOR: 400,
  EXPORT_TOO_LARGE: 422,
  // dossiers, file plan, archive (issue 13)
  DOSSIER_NOT_FOUND: 404,
  FILE_PLAN_CODE_TAKEN: 409,
  // exchange with other systems (edXML, QCVN 102:2016; issue 14)
  EDXML_MALFORMED: 400,
  EDXML_DOCTYPE_FORBIDDEN: 400,
  EDXML_WRONG_NAMESPACE: 400,
  EDXML_MISSING_FIELD: 400,
  EDXML_INVALID_FIELD: 400,
  EDXML_HEADER_TOO_LARGE: 413,
  EDXML_BAD_BASE64: 400,
  EDXML_ATTACHMENT_TOO_LARGE: 413,
  EDXML_BAD_ZIP: 400,
  EDXML_UNSAFE_PATH: 400,
  EDXML_ATTACHMENT_MISMATCH: 400,
  EXCHANGE_UNKNOWN_SENDER: 422,
  EXCHANGE_SENDER_NOT_EXTERNAL: 422,
  EXCHANGE_UNKNOWN_RECIPIENT: 422,
  EXCHANGE_NOT_ADDRESSED: 422,
  EXCHANGE_NOT_A_PACKAGE: 422,
  EXCHANGE_NO_FILE: 422,
  EXCHANGE_UNKNOWN_DOCUMENT: 404,
  EXCHANGE_BAD_STATUS: 422,
  // administration, personal account, remote signing, quick-send groups, announcements (issue 15)
  WEAK_PASSWORD: 400,
  CURRENT_PASSWORD_WRONG: 400,
  ACCOUNT_LOCKED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  CANNOT_LOCK_SELF: 409,
  REMOTE_SIGNER_UNAVAILABLE: 502,
  REMOTE_SIGNING_REJECTED: 409,
  SIGNING_TX_NOT_PENDING: 409,
  GROUP_NAME_TAKEN: 409,
  ORG_MERGED: 409,
};

export function statusForCode(code: string): number {
  return statusByCode[code] ?? 400;
}

export const notFound = (what = 'Không tìm thấy đối tượng yêu cầu') => new AppError('NOT_FOUND', what);
export const forbidden = (why = 'Bạn không có quyền thực hiện thao tác này') => new AppError('FORBIDDEN', why);
