import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError } from '../shared/errors';
import { openSecret, sealSecret, sealedWithoutPepper } from './key-seal';
import type { SignerMaterial } from './document-signing';
import { findSigningKey, replaceSealedKey, setFailedPins, type SealKeyRow, type SigningKeyRow } from './signing-keys.repository';

export const MAX_FAILED_PINS = 5;
/** PINs are short: a strong stretch, paid once per signing. */
export const PIN_KDF_LOG_N = 15;

/** What opening a person's key needs: the PIN alone is not enough (the server secret is the pepper). */
export interface UnlockDeps {
  db: Knex;
  serverSecret: Buffer;
}

export async function requireUserKey(db: Knex, userId: string): Promise<SigningKeyRow> {
  const key = await findSigningKey(db, 'user', userId);
  if (!key) throw new AppError('NO_CERTIFICATE', 'Bạn chưa có chứng thư số trên hệ thống: nhờ quản trị nạp tệp PKCS#12, hoặc ký bằng USB token (ký hai bước)');
  return key;
}

/** Seals a person's private key under their PIN and the server's pepper. */
export const sealUserKey = (keyPem: string, pin: string, serverSecret: Buffer, logN = PIN_KDF_LOG_N): Promise<string> =>
  sealSecret(Buffer.from(keyPem), pin, logN, serverSecret);

/** Opens a user's key with their PIN; five wrong PINs in a row lock it until the certificate is imported again. */
export async function unlockUserKey(deps: UnlockDeps, userId: string, pin: string): Promise<SignerMaterial> {
  const key = await requireUserKey(deps.db, userId);
  if (key.failed_pins >= MAX_FAILED_PINS) throw new AppError('PIN_LOCKED', 'Khoá ký đã bị khoá do nhập sai PIN quá 5 lần; liên hệ quản trị để nạp lại chứng thư');
  let keyPem: string;
  try {
    keyPem = (await openSecret(key.sealed_key, pin, deps.serverSecret)).toString('utf8');
  } catch (err) {
    if ((err as AppError).code === 'WRONG_PIN') {
      await setFailedPins(deps.db, key.id, key.failed_pins + 1);
      throw new AppError('WRONG_PIN', `Mã PIN không đúng (còn ${MAX_FAILED_PINS - key.failed_pins - 1} lần thử)`);
    }
    throw err;
  }
  if (sealedWithoutPepper(key.sealed_key)) {
    // Sealed before the pepper existed: upgrade now that the PIN is known.
    await replaceSealedKey(deps.db, key.id, key.sealed_key, await sealUserKey(keyPem, pin, deps.serverSecret, JSON.parse(key.sealed_key).logN));
  } else if (key.failed_pins > 0) {
    await setFailedPins(deps.db, key.id, 0);
  }
  return { keyPem, certPem: key.certificate_pem, chainPem: key.chain_pem };
}

/** How long an opened agency key is kept in memory: a burst of issues pays the key stretch once. */
export const AGENCY_KEY_MEMORY_MS = 5 * 60_000;
const AGENCY_KEYS_KEPT = 256;

/** Opened agency keys, one per process: made by the composition root and handed to the issue path. */
export interface AgencyKeyMemory {
  /** The opened key of `sealedKey`, from memory while fresh, else opened (scrypt) and remembered. */
  open(sealedKey: string, serverSecret: Buffer, now?: number): Promise<OpenedKey>;
  /** Forgets every opened key (tests, benchmarks measuring the cold path). */
  forget(): void;
}

/**
 * The agency key is sealed under the server secret alone (no PIN): whoever holds this process's
 * memory can open it anyway, so keeping the opened key for a few minutes adds no exposure, and saves
 * the scrypt stretch on every issue. Keyed by the exact sealed text and the secret, so a re-import
 * (new sealed text) or another secret never finds a stale key.
 */
export interface OpenedKey {
  keyPem: string;
  /** Parsed once: every seal signs with it. */
  keyObject: KeyObject;
}

export function createAgencyKeyMemory(): AgencyKeyMemory {
  const opened = new Map<string, { key: OpenedKey; until: number }>();
  return {
    async open(sealedKey, serverSecret, now = Date.now()) {
      const id = createHash('sha256').update(sealedKey).update('\0').update(createHash('sha256').update(serverSecret).digest()).digest('base64');
      const kept = opened.get(id);
      if (kept && kept.until > now) return kept.key;
      const keyPem = (await openSecret(sealedKey, serverSecret)).toString('utf8');
      const key = { keyPem, keyObject: createPrivateKey(keyPem) };
      opened.delete(id);
      for (const [k, v] of opened) if (v.until <= now || opened.size >= AGENCY_KEYS_KEPT) opened.delete(k);
      opened.set(id, { key, until: now + AGENCY_KEY_MEMORY_MS });
      return key;
    },
    forget: () => opened.clear(),
  };
}

export interface OrganizationKeyDeps {
  db: Knex;
  serverSecret: Buffer;
  agencyKeys: AgencyKeyMemory;
}

/** Opens an agency's seal key; `row` when the caller read it already (with the trust anchors, when issuing). */
export async function unlockOrganizationKey(deps: OrganizationKeyDeps, organizationId: string, row?: SealKeyRow | undefined | null): Promise<SignerMaterial> {
  const key = row === undefined ? await findSigningKey(deps.db, 'organization', organizationId) : row;
  if (!key) throw new AppError('NO_CERTIFICATE', 'Cơ quan chưa có chứng thư số của cơ quan (con dấu điện tử): quản trị cần nạp tệp PKCS#12');
  // The certificate is always the row's: only the opened key is remembered, per sealed text.
  return { ...(await deps.agencyKeys.open(key.sealed_key, deps.serverSecret)), certPem: key.certificate_pem, chainPem: key.chain_pem };
}
