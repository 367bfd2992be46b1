import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createLogger } from './shared/logger';
import { createLocalBlobStore, createS3BlobStore, parseS3Endpoint, type BlobStore } from '../storage';
import { rememberedBlobs } from './blobs/remembered-blobs';
import { registerAuthRoutes } from './auth/auth.routes';
import { ensureSystemAdmin } from './auth/ensure-system-admin';
import { defaultLoginPolicy, makeDummyHash } from './auth/login';
import { requireProductionSecrets, type AppConfig } from './config/env';
import { enqueueJob } from './jobs/jobs.repository';
import { randomUUID } from 'node:crypto';
import { connectDatabase, type Db } from './db/connect';
import { FINISH_ISSUE_JOB, finishIssueJobHandler } from './documents/finish-issue';
import { migrateToLatest } from './db/migrate';
import { ApiRouter } from './http/api-router';
import { healthSchema } from './contract/platform';
import { createApp } from './http/create-app';
import { registerOrganizationRoutes } from './organizations/organizations.routes';
import { LocalPublisher } from './realtime/publisher';
import { attachRealtime, type Realtime } from './realtime/socket-server';
import { seedDemo, type DemoAccount } from './seed/seed-demo';
import { registerUserRoutes } from './users/users.routes';
import { registerAssignmentRoutes } from './assignments/assignments.routes';
import { watchDeadlines } from './assignments/deadline-watch';
import { loadServerSecret } from './config/server-secret';
import { registerDocumentRoutes } from './documents/documents.routes';
import { registerIncomingRoutes } from './documents/incoming.routes';
import { registerOutgoingRoutes } from './documents/outgoing.routes';
import type { WorkflowDeps } from './document-core/workflow-deps';
import { startJobWorker, type JobWorker } from './jobs/job-worker';
import { registerRegisterRoutes } from './registers/registers.routes';
import { registerRoutingRoutes } from './documents/recall.routes';
import { DELIVER_JOB, deliverJobHandler, deliveryJobPrefix } from './routing/delivery-jobs';
import { createLibrarySigning } from './signing-keys/library-signing';
import { createSealPool, sealWorkerScript } from '../signing/workers';
import type { KeySource } from '../signing/ca';
import { rememberVerifications, VERIFICATION_MEMORY_MS, VERIFICATIONS_KEPT } from './signing-keys/verification-memory';
import { createAgencyKeyMemory } from './signing-keys/unlock-key';
import { mountPkiRoutes } from './pki/pki.routes';
import { seedDemoPki } from './seed/seed-demo-pki';
import { registerSigningKeyRoutes } from './signing-keys/signing-keys.routes';
import { registerReportRoutes } from './reports/reports.routes';
import { registerDossierRoutes } from './dossiers/dossiers.routes';
import { registerConsultationRoutes } from './consultations/consultations.routes';
import { projectRoot, version } from './version';
import { serveClient } from './http/serve-client';
import { bindAuditKey, deriveAuditKey } from './audit/audit-key';
import { AUDIT_CHECKPOINT_JOB, checkpointAuditChain, keyLegacyAuditHead } from './audit/audit-checkpoint';
import { leasedBlobStore } from './blobs/leased-blob-store';
import { BLOB_GC_JOB, collectBlobGarbage } from './blobs/collect-blob-garbage';
import { withPhaseTiming } from './shared/phase-timing';
import { registerSearchRoutes } from './search/search.routes';
import { PDF_TEXT_JOB, pdfTextJobHandler } from './search/pdf-text-job';
import { registerAccessGrantRoutes } from './documents/access-grants.routes';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { setUpExchange } from './exchange/exchange-module';
import type { ExchangeDeps } from './exchange/exchange-deps';
import { authenticateRequest } from './account/password-gate';
import { registerAccountRoutes } from './account/account.routes';
import { registerRecipientGroupRoutes } from './recipient-groups/recipient-groups.routes';
import { registerAnnouncementRoutes } from './announcements/announcements.routes';
import { registerSigningTransactionRoutes } from './remote-signing/signing-transactions.routes';

export interface Vanban {
  config: AppConfig;
  db: Db;
  blobs: BlobStore;
  logger: Logger;
  publisher: LocalPublisher;
  realtime: Realtime;
  jobs: JobWorker;
  workflow: WorkflowDeps;
  exchange: ExchangeDeps;
  server: http.Server;
  url: string;
  demoAccounts: DemoAccount[] | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Injected by tests: an already-prepared database or store. */
  db?: Db;
  blobs?: BlobStore;
  logger?: Logger;
  /** A controllable clock for deadline tests. */
  now?: () => Date;
  /** Key pairs for the demo CA and its certificates (tests reuse pre-made ones); default: generated. */
  demoKeySource?: KeySource;
}

export async function openBlobStore(config: AppConfig): Promise<BlobStore> {
  if (!config.S3_ENDPOINT) return createLocalBlobStore({ root: config.blobDir });
  return createS3BlobStore({
    ...parseS3Endpoint(config.S3_ENDPOINT),
    accessKey: config.S3_ACCESS_KEY!,
    secretKey: config.S3_SECRET_KEY!,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
  });
}

export function openDatabase(config: AppConfig): Db {
  return connectDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { embeddedDir: config.dbDir });
}

export const auditKeyFor = (config: AppConfig): Buffer => deriveAuditKey(loadServerSecret(config.VANBAN_SECRET_KEY, config.dataDir));

/** Prepares the database: migrations, the system admin, and the demo seed when asked for. */
export async function prepareDatabase(db: Db, config: AppConfig, opts: { adminOptional?: boolean } = {}): Promise<DemoAccount[] | null> {
  await migrateToLatest(db);
  // Before anything is audited: every append through this handle keys the chain head.
  const auditKey = auditKeyFor(config);
  bindAuditKey(db, auditKey);
  await keyLegacyAuditHead(db, auditKey);
  // Maintenance commands (org import, seed) may run before the first start: the admin can wait for it.
  if (config.adminPassword || !opts.adminOptional) await ensureSystemAdmin(db, config.adminPassword, config.VANBAN_KDF_LOG_N);
  return config.demo ? seedDemo(db, config.VANBAN_DEMO_PASSWORD, config.VANBAN_KDF_LOG_N) : null;
}

/** The composition root: the only place that builds long-lived objects and wires them together. */
/** Idle time of a keep-alive connection before the server closes it. */
export const KEEP_ALIVE_MS = 65_000;

export async function startVanban(config: AppConfig, opts: StartOptions = {}): Promise<Vanban> {
  requireProductionSecrets(config);
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const db = opts.db ?? openDatabase(config);
  let demoAccounts: DemoAccount[] | null;
  try {
    demoAccounts = await prepareDatabase(db, config);
  } catch (err) {
    if (!opts.db) await db.destroy(); // a refused start leaves no connection holding the process open
    throw err;
  }
  const rawBlobs = opts.blobs ?? (await openBlobStore(config));
  const blobGraceMs = config.VANBAN_BLOB_GRACE_MINUTES * 60_000;
  const blobs = leasedBlobStore(rawBlobs, { db, leaseMs: blobGraceMs });

  const publisher = new LocalPublisher();
  // Filled once the socket layer is attached; logout needs it to drop the session's sockets.
  let realtime: Realtime | null = null;

  const api = new ApiRouter((req) => authenticateRequest(db, req), { checkResponses: config.VANBAN_CHECK_RESPONSES === '1' });
  let shuttingDown = false;
  api.add({
    method: 'get', path: '/health', tag: 'platform', auth: false,
    summary: 'Tình trạng máy chủ (503 khi đang dừng)',
    responses: { 200: { description: 'Đang chạy', schema: healthSchema }, 503: { description: 'Đang dừng', schema: healthSchema } },
    handler: async () => ({ status: shuttingDown ? 503 : 200, body: { status: shuttingDown ? 'shutting_down' : 'ok', version } }),
  });
  registerAuthRoutes(api, db, defaultLoginPolicy(config.VANBAN_TOKEN_TTL_HOURS, await makeDummyHash(config.VANBAN_KDF_LOG_N)), (sessionId) => realtime?.disconnectSession(sessionId));
  registerOrganizationRoutes(api, db);
  registerUserRoutes(api, db, config.VANBAN_KDF_LOG_N);
  registerAccountRoutes(api, { db, kdfLogN: config.VANBAN_KDF_LOG_N, dropSessions: async (ids) => void (await Promise.all(ids.map((id) => realtime?.disconnectSession(id)))) });

  const now = opts.now ?? (() => new Date());
  const sealWorkers = config.VANBAN_SEAL_WORKERS ?? (os.cpus().length > 1 ? 1 : 0);
  const sealScript = sealWorkers > 0 ? sealWorkerScript() : null;
  const sealPool = sealScript ? createSealPool(sealWorkers, sealScript) : null;
  const workflow: WorkflowDeps = {
    db,
    publisher,
    blobs,
    maxUploadBytes: Math.floor(config.VANBAN_MAX_UPLOAD_MB * 1024 * 1024),
    // Verdicts kept a minute per file and trust-anchor set: a page view, then the issue; many readers of one issued file.
    signing: withPhaseTiming(rememberVerifications(createLibrarySigning({ blobs, tempDir: config.tmpDir, sealPool }), { ttlMs: VERIFICATION_MEMORY_MS, maxEntries: VERIFICATIONS_KEPT }), { listTextFields: 'fields: read', sealAndVerify: 'seal + number/date fill + verification', verify: 'verification' }),
    now,
    serverSecret: loadServerSecret(config.VANBAN_SECRET_KEY, config.dataDir),
    agencyKeys: createAgencyKeyMemory(),
    images: rememberedBlobs(blobs, { maxEntries: 500, maxBytes: 1024 * 1024 }),
    runDeliveries: async (documentId, jobCount) => void (await jobs.runMatching(deliveryJobPrefix(documentId), jobCount)),
    jobLeaseSeconds: config.VANBAN_JOB_LEASE_SECONDS,
  };
  registerSearchRoutes(api, workflow);
  registerDocumentRoutes(api, workflow);
  registerAccessGrantRoutes(api, workflow);
  registerNotificationRoutes(api, db);
  registerIncomingRoutes(api, workflow);
  registerOutgoingRoutes(api, workflow);
  registerAssignmentRoutes(api, workflow);
  registerRoutingRoutes(api, workflow);
  registerRegisterRoutes(api, workflow);
  registerSigningKeyRoutes(api, workflow);
  registerReportRoutes(api, workflow);
  registerDossierRoutes(api, workflow);
  registerConsultationRoutes(api, workflow);
  const exchange = setUpExchange(api, workflow, config, logger);
  registerRecipientGroupRoutes(api, workflow);
  registerAnnouncementRoutes(api, workflow);
  const stopRemoteSigning = registerSigningTransactionRoutes(api, workflow, config, logger);

  const jobs = startJobWorker({
    db,
    logger,
    pollMs: config.VANBAN_JOB_POLL_MS,
    leaseSeconds: config.VANBAN_JOB_LEASE_SECONDS,
    handlers: {
      'deadline-watch': async () => void (await watchDeadlines(workflow, now())),
      [DELIVER_JOB]: deliverJobHandler(workflow),
      [FINISH_ISSUE_JOB]: finishIssueJobHandler(workflow),
      [AUDIT_CHECKPOINT_JOB]: async () => checkpointAuditChain(db, auditKeyFor(config)),
      [BLOB_GC_JOB]: async () => void (await collectBlobGarbage({ db, blobs: rawBlobs, logger, graceMs: blobGraceMs, tempDir: config.tmpDir })),
      [PDF_TEXT_JOB]: pdfTextJobHandler({ db, blobs, logger, maxUploadBytes: workflow.maxUploadBytes }),
      ...exchange.handlers,
    },
    recurring: [{ kind: 'deadline-watch', everySeconds: 60 }, { kind: BLOB_GC_JOB, everySeconds: 3600 }, { kind: AUDIT_CHECKPOINT_JOB, everySeconds: 3600 }, ...exchange.recurring],
  });

  // A crash (kill -9) leaves temp files and blobs written for work that never committed: one
  // collection runs once they are older than the grace period, whatever the hourly slot says.
  await enqueueJob(db, { kind: BLOB_GC_JOB, runAt: new Date(Date.now() + blobGraceMs), uniqueKey: `${BLOB_GC_JOB}:boot:${randomUUID()}` });

  const app = createApp({ api, logger, version, trustProxy: config.VANBAN_TRUST_PROXY, isShuttingDown: () => shuttingDown, extraRoutes: (a) => {
      mountPkiRoutes(a, config.pkiDir, logger);
      serveClient(a, path.join(projectRoot(), 'client', 'dist'));
    },
  });
  const server = http.createServer(app);
  // Idle keep-alive connections outlive the usual 60 s idle time of a reverse proxy (nginx, load
  // balancers) and of clients' pools: a server that closes first races the next request on the
  // connection, which the client then sees as ECONNRESET. close() still drops idle ones at once.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  realtime = await attachRealtime({ server, db, publisher, logger, redisUrl: config.REDIS_URL });
  const { port } = server.address() as AddressInfo;
  const url = config.VANBAN_PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  // The demo CA's certificates point at this server's URL (OCSP, CRL), known only once listening.
  if (config.demoPki && demoAccounts) {
    await seedDemoPki({ ...workflow, certificateInfo: workflow.signing.certificateInfo }, config.pkiDir, url, config.VANBAN_KDF_LOG_N, opts.demoKeySource);
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      shuttingDown = true;
      stopRemoteSigning();
      await jobs.stop();
      await realtime?.close();
      // Stop accepting; in-flight requests finish (each runs in its own transaction), idle sockets close now.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await blobs.close?.();
      await sealPool?.close();
      if (!opts.db) await db.destroy();
    })();
    return stopping;
  };
  return { config, db, blobs, logger, publisher, realtime: realtime!, jobs, workflow, exchange: exchange.deps, server, url, demoAccounts, stop };
}
