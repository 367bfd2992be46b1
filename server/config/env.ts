import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z.string().trim().min(1).optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  VANBAN_DATA_DIR: z.string().default('./data'),
  /** Needed when the system admin is first created; the demo has a published default, production none. */
  VANBAN_ADMIN_PASSWORD: z.string().min(8, 'VANBAN_ADMIN_PASSWORD cần ít nhất 8 ký tự').optional(),
  VANBAN_DEMO: z.enum(['0', '1']).default('1'),
  /** The demo's CA, certificates, signature and seal images (defaults to VANBAN_DEMO). */
  VANBAN_DEMO_PKI: z.enum(['0', '1']).optional(),
  VANBAN_PKI_DIR: z.string().optional(),
  VANBAN_DEMO_PASSWORD: z.string().min(8).default('Demo@2026'),
  VANBAN_PUBLIC_URL: optionalUrl,
  VANBAN_TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  // scrypt cost exponent: 2^15 × r=8 needs 32 MiB per hash; tests lower it to stay fast.
  VANBAN_KDF_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
  VANBAN_SECRET_KEY: z.string().optional(),
  /** Background jobs (deadline reminders, overdue marking) poll this often. */
  VANBAN_JOB_POLL_MS: z.coerce.number().int().min(100).default(5000),
  /** A claimed job whose worker died (kill -9, lost host) is handed to another after this long. */
  VANBAN_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Worker threads that seal and verify issued documents off the event loop; 0: the main thread does. Default: 1 on a multi-core machine. */
  VANBAN_SEAL_WORKERS: z.coerce.number().int().min(0).max(16).optional(),
  VANBAN_MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  /** Unreferenced blobs and temp files older than this are collected (hourly job). */
  VANBAN_BLOB_GRACE_MINUTES: z.coerce.number().positive().default(60),
  /** Proxies allowed to set X-Forwarded-For (e.g. `loopback`, `10.0.0.0/8`, or a hop count); unset: none. */
  VANBAN_TRUST_PROXY: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  S3_BUCKET: z.string().default('vanban'),
  S3_REGION: z.string().default('us-east-1'),
  REDIS_URL: optionalUrl,
  /** Check every JSON answer against its declared response schema (tests turn this on). */
  VANBAN_CHECK_RESPONSES: z.enum(['0', '1']).default('0'),
  /** The national document exchange axis (or `vanban axis`): all three, or none for no exchange. */
  VANBAN_AXIS_URL: z.url({ protocol: /^https?$/, message: 'VANBAN_AXIS_URL phải là địa chỉ http(s)' }).optional(),
  VANBAN_AXIS_SYSTEM_ID: z.string().trim().min(1).max(35).optional(),
  VANBAN_AXIS_SECRET: z.string().min(8, 'VANBAN_AXIS_SECRET cần ít nhất 8 ký tự').optional(),
  /** How often packages and statuses are fetched from the axis. */
  VANBAN_AXIS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Remote signing service (SmartCA / MySign style connector); unset = not offered. */
  VANBAN_REMOTE_SIGNING_URL: optionalUrl,
  VANBAN_REMOTE_SIGNING_CLIENT_ID: z.string().default('vanban'),
  VANBAN_REMOTE_SIGNING_SECRET: z.string().default(''),
  VANBAN_REMOTE_SIGNING_NAME: z.string().default('Ký số từ xa'),
  VANBAN_REMOTE_SIGNING_POLL_MS: z.coerce.number().int().min(200).default(2000),
  /** Where the leader's local signing plugin (USB token) listens. */
  VANBAN_TOKEN_PLUGIN_URL: z.string().default('http://127.0.0.1:17890'),
});

export type RawEnv = z.infer<typeof envSchema>;

/** Printed in the README and on the demo's start screen: never acceptable outside the demo. */
export const DEMO_ADMIN_PASSWORD = 'admin@Vanban2026';

export interface AppConfig extends RawEnv {
  dataDir: string;
  dbDir: string;
  blobDir: string;
  tmpDir: string;
  pkiDir: string;
  demo: boolean;
  demoPki: boolean;
  /** The system admin's first password: VANBAN_ADMIN_PASSWORD, or the published one in the demo. */
  adminPassword: string | undefined;
}

/** Validates the environment once, at boot; everything else receives the parsed config. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Cấu hình môi trường không hợp lệ:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.S3_ENDPOINT && (!env.S3_ACCESS_KEY || !env.S3_SECRET_KEY)) {
    throw new Error('Cấu hình môi trường không hợp lệ: S3_ENDPOINT cần S3_ACCESS_KEY và S3_SECRET_KEY');
  }
  const axis = [env.VANBAN_AXIS_URL, env.VANBAN_AXIS_SYSTEM_ID, env.VANBAN_AXIS_SECRET].filter(Boolean).length;
  if (axis !== 0 && axis !== 3) {
    throw new Error('Cấu hình môi trường không hợp lệ: kết nối trục liên thông cần đủ VANBAN_AXIS_URL, VANBAN_AXIS_SYSTEM_ID và VANBAN_AXIS_SECRET');
  }
  const demo = env.VANBAN_DEMO === '1';
  if (!demo && (env.VANBAN_ADMIN_PASSWORD === DEMO_ADMIN_PASSWORD || env.VANBAN_ADMIN_PASSWORD === env.VANBAN_DEMO_PASSWORD)) {
    throw new Error('Cấu hình môi trường không hợp lệ: VANBAN_ADMIN_PASSWORD đang là mật khẩu mẫu đã công bố; ngoài chế độ trình diễn hãy đặt mật khẩu riêng');
  }
  const dataDir = path.resolve(env.VANBAN_DATA_DIR);
  return {
    ...env,
    dataDir,
    dbDir: path.join(dataDir, 'db'),
    blobDir: path.join(dataDir, 'blobs'),
    tmpDir: path.join(dataDir, 'tmp'),
    pkiDir: path.resolve(env.VANBAN_PKI_DIR ?? path.join(dataDir, 'pki')),
    demo,
    demoPki: (env.VANBAN_DEMO_PKI ?? env.VANBAN_DEMO) === '1',
    adminPassword: env.VANBAN_ADMIN_PASSWORD ?? (demo ? DEMO_ADMIN_PASSWORD : undefined),
  };
}

/**
 * A production start (not the demo) refuses to run on secrets it did not choose: several
 * instances on one database must share VANBAN_SECRET_KEY (a secret made in one data folder would
 * seal keys the others cannot open).
 */
export function requireProductionSecrets(config: AppConfig): void {
  if (config.demo) return;
  if (config.DATABASE_URL && !config.VANBAN_SECRET_KEY) {
    throw new Error('Cấu hình môi trường không hợp lệ: chạy trên PostgreSQL (DATABASE_URL) cần VANBAN_SECRET_KEY (64 ký tự hex, ví dụ: openssl rand -hex 32), giống nhau trên mọi máy chủ');
  }
}
