import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { ApiRouter } from './api-router';
import { errorHandler, notFoundHandler } from './error-handler';
import { assignRequestId, requestIdOf } from './request-context';

export interface AppOptions {
  api: ApiRouter;
  logger: Logger;
  version: string;
  /** Extra routers mounted before the API (PKI responders, the built web client…). */
  extraRoutes?: (app: Express) => void;
  isShuttingDown: () => boolean;
  /**
   * Which peers may set X-Forwarded-For (Express `trust proxy`: `loopback`, CIDRs, or a hop count).
   * Unset: none, so a client cannot pick the address its failed logins are counted against.
   */
  trustProxy?: string;
}

const trustProxySetting = (value: string | undefined): boolean | number | string => {
  if (!value) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
};

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.set('trust proxy', trustProxySetting(opts.trustProxy));
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'worker-src': ["'self'", 'blob:'], 'connect-src': ["'self'", 'ws:', 'wss:', 'http://127.0.0.1:*', 'http://localhost:*'] },
      },
    }),
  );
  app.use(assignRequestId);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    // During shutdown, keep-alive clients are told to reconnect elsewhere after this response.
    if (opts.isShuttingDown()) res.setHeader('Connection', 'close');
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      opts.logger.info({ requestId: requestIdOf(req), method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });
  app.use('/api/v1', express.json({ limit: '2mb' }));
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(opts.api.openApiDocument(opts.version));
  });
  opts.extraRoutes?.(app);
  app.use('/api/v1', opts.api.router);
  app.use('/api', notFoundHandler);
  app.use(errorHandler(opts.logger));
  return app;
}
