import pino, { type DestinationStream, type Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

interface LoggedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: LoggedError;
}

/**
 * Errors are logged by whitelist: database drivers attach the query's parameters and the failing
 * row (`params`, `detail`: password hashes, token hashes), HTTP clients attach headers.
 */
export function safeError(err: unknown, depth = 0): LoggedError | unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? err : { type: typeof err };
  const code = (err as { code?: unknown }).code;
  const out: LoggedError = { type: err.name, message: err.message, stack: err.stack };
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1) as LoggedError;
  return out;
}

const REDACT = ['password', 'pin', 'token', '*.password', '*.pin', '*.token', '*.secret', 'headers.authorization', 'req.headers.authorization', 'headers.cookie'];

/** The server's logger: JSON lines, errors whitelisted, credentials redacted wherever they are logged. */
export function createLogger(level: Level, destination?: DestinationStream): Logger {
  const options = { level, serializers: { err: safeError, error: safeError }, redact: { paths: REDACT, censor: '[ẩn]' } };
  return destination ? pino(options, destination) : pino(options);
}
