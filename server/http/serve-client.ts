import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/** Paths that belong to the API and the socket layer: never answered with the web client. */
const RESERVED = /^\/(api|socket\.io)(\/|$)/;

/**
 * Serves the built web client (`client/dist`) at `/`, with the SPA fallback: any other GET that
 * asks for HTML gets index.html so deep links (/van-ban/…) survive a reload. Hashed assets are
 * cached for a year; index.html never, so a new build is picked up at once.
 */
export function serveClient(app: express.Express, distDir: string): void {
  const indexFile = path.join(distDir, 'index.html');
  const assets = express.static(distDir, {
    index: false,
    setHeaders: (res, file) => {
      if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((req, res, next) => {
    if (RESERVED.test(req.path)) return next();
    assets(req, res, next);
  });
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    // A missing asset (old hash after a deploy) must be a 404, not index.html parsed as a script.
    if (path.extname(req.path) !== '' || !req.accepts('html')) return next();
    if (!fs.existsSync(indexFile)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
}
