import { Readable } from 'node:stream';
import type { BlobStore } from '../../storage';
import { checkPng } from '../../signing';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import type { SigningKeyDeps } from './signing-key-deps';
import { AppError } from '../shared/errors';
import { findOrganizationByCode, setSealImageKey } from '../organizations/organizations.repository';
import { setSignatureImageKey } from '../users/users.repository';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { loadManagedUser } from '../users/managed-user';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** Signature and seal images are small: 16 megapixels is 4000 × 4000, far more than a seal needs. */
const MAX_IMAGE_PIXELS = 16_000_000;

/** Decoded in full now, as signing will decode it: a corrupt image is refused here, not at signing. */
function assertPng(image: Buffer): void {
  if (image.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Ảnh quá lớn (tối đa 2 MB)');
  if (image.length < 33 || !image.subarray(0, 8).equals(PNG_MAGIC)) throw new AppError('INVALID_FILE', 'Ảnh phải là tệp PNG (nền trong suốt)');
  try {
    checkPng(image, MAX_IMAGE_PIXELS);
  } catch (e) {
    const detail = (e as { detail?: string }).detail;
    throw new AppError('INVALID_IMAGE', `Ảnh PNG bị hỏng hoặc không dùng được để ký (${detail ?? 'không đọc được'}); hãy xuất lại ảnh PNG 8 bit, không xen kẽ, tối đa 16 megapixel`);
  }
}

export interface ImageTarget {
  kind: 'signature' | 'seal';
  id: string;
  organizationId: string;
  summary: string;
}

/** Stores a PNG and points the user's signature (or the agency's seal) at it, audited. */
export async function storeImage(deps: TransactionDeps & { blobs: BlobStore }, actorId: string | null, target: ImageTarget, image: Buffer) {
  assertPng(image);
  const blob = await deps.blobs.put(Readable.from([image]), { maxBytes: MAX_IMAGE_BYTES, contentType: 'image/png' });
  await inTransaction(deps, async (uow) => {
    const user = target.kind === 'signature';
    if (user) await setSignatureImageKey(uow.trx, target.id, blob.key);
    else await setSealImageKey(uow.trx, target.id, blob.key);
    await uow.audit({ actorId, organizationId: target.organizationId, action: user ? 'user.signature_image' : 'organization.seal_image', objectType: user ? 'user' : 'organization', objectId: target.id, summary: target.summary, data: { sha256: blob.sha256 } });
  });
  return { sha256: blob.sha256, size: blob.size };
}

/** The leader's handwritten signature (blue, transparent PNG) drawn in their signature appearance. */
export async function uploadSignatureImage(deps: SigningKeyDeps, actor: Actor, userId: string, image: Buffer) {
  const user = await loadManagedUser(deps.db, actor, userId);
  return storeImage(deps, actor.userId, { kind: 'signature', id: user.id, organizationId: user.organization_id, summary: `Cập nhật ảnh chữ ký của ${user.full_name}` }, image);
}

/** The agency's red seal (transparent PNG) at its real size, placed over the leader's signature. */
export async function uploadSealImage(deps: SigningKeyDeps, actor: Actor, orgCode: string, image: Buffer) {
  const org = await findOrganizationByCode(deps.db, orgCode);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${orgCode}`);
  requireOrgAdmin(actor, org.id);
  return storeImage(deps, actor.userId, { kind: 'seal', id: org.id, organizationId: org.id, summary: `Cập nhật ảnh con dấu của ${org.name}` }, image);
}
