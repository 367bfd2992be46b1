import type { Knex } from 'knex';
import { AppError } from '../shared/errors';
import { openSecret } from './key-seal';
import type { SignerMaterial } from './document-signing';
import { findSigningKey, setFailedPins, type SigningKeyRow } from './signing-keys.repository';

export const MAX_FAILED_PINS = 5;

export async function requireUserKey(db: Knex, userId: string): Promise<SigningKeyRow> {
  const key = await findSigningKey(db, 'user', userId);
  if (!key) throw new AppError('NO_CERTIFICATE', 'Bạn chưa có chứng thư số trên hệ thống: nhờ quản trị nạp tệp PKCS#12, hoặc ký bằng USB token (ký hai bước)');
  return key;
}

/** Opens a user's key with their PIN; five wrong PINs in a row lock it until the certificate is imported again. */
export async function unlockUserKey(db: Knex, userId: string, pin: string): Promise<SignerMaterial> {
  const key = await requireUserKey(db, userId);
  if (key.failed_pins >= MAX_FAILED_PINS) throw new AppError('PIN_LOCKED', 'Khoá ký đã bị khoá do nhập sai PIN quá 5 lần; liên hệ quản trị để nạp lại chứng thư');
  try {
    const keyPem = (await openSecret(key.sealed_key, pin)).toString('utf8');
    if (key.failed_pins > 0) await setFailedPins(db, key.id, 0);
    return { keyPem, certPem: key.certificate_pem, chainPem: key.chain_pem };
  } catch (err) {
    if ((err as AppError).code === 'WRONG_PIN') {
      await setFailedPins(db, key.id, key.failed_pins + 1);
      throw new AppError('WRONG_PIN', `Mã PIN không đúng (còn ${MAX_FAILED_PINS - key.failed_pins - 1} lần thử)`);
    }
    throw err;
  }
}

export async function unlockOrganizationKey(db: Knex, organizationId: string, serverSecret: Buffer): Promise<SignerMaterial> {
  const key = await findSigningKey(db, 'organization', organizationId);
  if (!key) throw new AppError('NO_CERTIFICATE', 'Cơ quan chưa có chứng thư số của cơ quan (con dấu điện tử): quản trị cần nạp tệp PKCS#12');
  const keyPem = (await openSecret(key.sealed_key, serverSecret)).toString('utf8');
  return { keyPem, certPem: key.certificate_pem, chainPem: key.chain_pem };
}
