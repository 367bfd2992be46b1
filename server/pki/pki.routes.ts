import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { createCrl, loadCa, PKI_PATHS, reloadCaState, respondOcsp, respondTimestamp, type CaBundle } from '../../signing/ca';

/**
 * The demo CA's public services, mounted under /api/v1/pki where its certificates point (CRL
 * distribution points, AIA): CRLs, CA certificates, an OCSP responder and an RFC 3161 TSA. The CA
 * is read from its folder on first use, so it can be created after the server started.
 */
export function mountPkiRoutes(app: Express, pkiDir: string, logger: Logger): void {
  let cached: Promise<CaBundle> | null = null;
  const ca = (): Promise<CaBundle> => {
    if (!cached) {
      if (!fs.existsSync(path.join(pkiDir, 'state.json'))) return Promise.reject(Object.assign(new Error('no CA'), { status: 404 }));
      cached = loadCa(pkiDir).catch((err) => {
        cached = null;
        throw err;
      });
    }
    return cached;
  };
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '64kb' });
  const send = (res: Response, type: string, body: Buffer): void => {
    res.status(200).type(type).setHeader('Cache-Control', 'no-store').end(body);
  };
  const handle = (work: (req: Request, res: Response, bundle: CaBundle) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      const bundle = await ca();
      // Revocations may come from the `vanban ca revoke` command in another process: read the state afresh.
      await reloadCaState(bundle);
      await work(req, res, bundle);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status >= 500) logger.error({ err }, 'pki request failed');
      res.status(status).type('text/plain').end(status === 404 ? 'Không có CA thử nghiệm' : 'Lỗi dịch vụ PKI');
    }
  };

  router.get(PKI_PATHS.rootCert, handle(async (_req, res, b) => send(res, 'application/pkix-cert', b.root.certDer)));
  router.get(PKI_PATHS.subCert, handle(async (_req, res, b) => send(res, 'application/pkix-cert', b.sub.certDer)));
  router.get(PKI_PATHS.rootCrl, handle(async (_req, res, b) => send(res, 'application/pkix-crl', await createCrl(b, 'root'))));
  router.get(PKI_PATHS.subCrl, handle(async (_req, res, b) => send(res, 'application/pkix-crl', await createCrl(b, 'sub'))));
  router.post(PKI_PATHS.ocsp, raw, handle(async (req, res, b) => send(res, 'application/ocsp-response', await respondOcsp(b, req.body as Buffer))));
  // RFC 6960 GET form: the base64 request in the path.
  router.get(`${PKI_PATHS.ocsp}/*request`, handle(async (req, res, b) => {
    const encoded = decodeURIComponent(req.path.slice(PKI_PATHS.ocsp.length + 1));
    send(res, 'application/ocsp-response', await respondOcsp(b, Buffer.from(encoded, 'base64')));
  }));
  router.post(PKI_PATHS.tsa, raw, handle(async (req, res, b) => send(res, 'application/timestamp-reply', await respondTimestamp(b, req.body as Buffer))));
  app.use('/api/v1/pki', router);
}
