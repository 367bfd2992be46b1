import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request (or job) this code runs for; `undefined` outside any. */
export const currentContext = (): RequestContext | undefined => storage.getStore();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

export const requestIdOf = (req: Request): string => (req as Request & { requestId?: string }).requestId ?? 'unknown';

/** Gives each request an id, echoed in `X-Request-Id` and in every log line about it. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const requestId = randomUUID();
  (req as Request & { requestId?: string }).requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  runWithContext({ requestId }, next);
};
