import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, statusForCode } from '../shared/errors';

interface CodedError {
  code: string;
  message: string;
}

// Library errors (signing/, storage/) carry string codes too; everything else is an internal error.
const isCoded = (err: unknown): err is CodedError =>
  typeof err === 'object' && err !== null && typeof (err as CodedError).code === 'string' && /^[A-Z][A-Z0-9_]+$/.test((err as CodedError).code);

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND', 'Không có địa chỉ API này'));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let code = 'INTERNAL';
    let message = 'Lỗi hệ thống, vui lòng thử lại sau';
    let status = 500;
    if (err?.type === 'entity.parse.failed') {
      code = 'INVALID_JSON';
      message = 'Nội dung gửi lên không phải JSON hợp lệ';
      status = 400;
    } else if (err?.type === 'entity.too.large') {
      code = 'PAYLOAD_TOO_LARGE';
      message = 'Nội dung gửi lên quá lớn';
      status = 413;
    } else if (isCoded(err)) {
      code = err.code;
      message = err.message;
      status = statusForCode(code);
    }
    if (status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json({ error: { code, message } });
  };
}
