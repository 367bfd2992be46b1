import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { replaceSealedKey } from './signing-keys.repository';
import { requireUserKey, sealUserKey, unlockUserKey } from './unlock-key';

export const changeSigningPinSchema = z.object({
  currentPin: z.string().min(1, 'Cần nhập PIN hiện tại').max(64),
  newPin: z.string().min(6, 'PIN mới có ít nhất 6 ký tự').max(64, 'PIN mới có nhiều nhất 64 ký tự'),
});

/**
 * A leader re-seals the key the server holds for them under a new PIN. The current PIN proves it
 * is them (wrong tries count towards the lock like a signing would); trivial PINs are refused.
 */
export async function changeSigningPin(deps: TransactionDeps & { serverSecret: Buffer }, actor: Actor, input: z.infer<typeof changeSigningPinSchema>): Promise<void> {
  if (/^(\d)\1+$/.test(input.newPin) || '0123456789012345678909876543210'.includes(input.newPin)) {
    throw new AppError('WEAK_PIN', 'PIN mới quá dễ đoán (các chữ số giống nhau hoặc liên tiếp)');
  }
  if (input.newPin === input.currentPin) throw new AppError('PIN_UNCHANGED', 'PIN mới phải khác PIN hiện tại');
  const { keyPem } = await unlockUserKey(deps, actor.userId, input.currentPin);
  const key = await requireUserKey(deps.db, actor.userId);
  const sealed = await sealUserKey(keyPem, input.newPin, deps.serverSecret);
  await inTransaction(deps, async (uow) => {
    if (!(await replaceSealedKey(uow.trx, key.id, key.sealed_key, sealed))) {
      throw new AppError('KEY_REIMPORTED', 'Chứng thư số vừa được nạp lại; hãy thử lại');
    }
    await uow.audit({ actorId: actor.userId, organizationId: actor.organizationId, action: 'certificate.pin_change', objectType: 'user', objectId: actor.userId, summary: 'Đổi PIN của khoá ký số', data: {} });
  });
}
