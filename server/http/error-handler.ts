import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { StorageError } from '../../storage';
import { CodedError } from '../../signing/coded-error';
import { AppError, statusForCode } from '../shared/errors';
import { requestIdOf } from './request-context';

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND', 'Không có địa chỉ API này'));
};

// Errors raised by the HTTP layer itself (body parser, path decoding) carry a 4xx `status` and a `type`.
const HTTP_LAYER: Record<string, [string, string]> = {
  'entity.parse.failed': ['INVALID_JSON', 'Nội dung gửi lên không phải JSON hợp lệ'],
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'Nội dung gửi lên quá lớn'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'Kiểu mã hoá nội dung không được hỗ trợ'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'Bảng mã ký tự không được hỗ trợ'],
  'request.aborted': ['REQUEST_ABORTED', 'Kết nối bị ngắt trước khi gửi xong'],
};

function httpLayerError(err: unknown): AppError | null {
  const e = err as { status?: unknown; type?: unknown; expose?: unknown } | null;
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return null;
  // The router marks a badly percent-encoded path parameter as a 400 URIError (without `expose`).
  if (err instanceof URIError) return new AppError('BAD_REQUEST', 'Địa chỉ yêu cầu có ký tự mã hoá sai');
  if (e.expose !== true) return null;
  const [code, message] = HTTP_LAYER[String(e.type)] ?? ['BAD_REQUEST', 'Yêu cầu không hợp lệ'];
  return new AppError(code, message);
}

// PostgreSQL's "data exception" class (22xxx: bad date, value out of range, NUL in text, too long)
// means the input slipped past validation: the request was bad, nothing was written (it rolled back).
const isDataException = (err: unknown): boolean => {
  const e = err as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && typeof e.severity === 'string';
};

/**
 * Only the project's coded errors reach clients: AppError, and the coded errors of its own libraries
 * (storage, signing), recognised by class. Anything else — ENOENT, a driver error, a bug — is
 * logged with the request id and answered as a bare 500.
 */
export function toClientError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof StorageError || err instanceof CodedError) return new AppError(err.code, err.message);
  if (isDataException(err)) return new AppError('VALIDATION_FAILED', 'Dữ liệu không hợp lệ: có giá trị vượt giới hạn cho phép (ngày tháng, độ dài, ký tự đặc biệt)');
  return httpLayerError(err);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = requestIdOf(req);
    const coded = toClientError(err);
    const status = coded ? statusForCode(coded.code) : 500;
    if (status >= 500) logger.error({ err, requestId, method: req.method, url: req.originalUrl }, 'request failed');
    // Validation that only the database caught is a gap to close: visible in the log, not an incident.
    else if (isDataException(err)) logger.warn({ err, requestId, url: req.originalUrl }, 'input rejected by the database');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (status >= 500) {
      // Internals (paths, hosts, SQL) stay in the log; the client gets the id to quote to support.
      const message = coded && status !== 500 ? coded.message : `Lỗi hệ thống, vui lòng thử lại sau (mã tra cứu ${requestId})`;
      res.status(status).json({ error: { code: coded && status !== 500 ? coded.code : 'INTERNAL', message, requestId } });
      return;
    }
    res.status(status).json({ error: { code: coded!.code, message: coded!.message } });
  };
}
