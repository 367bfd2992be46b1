import type { Actor } from '../auth/actor';
import { requireOrgAdmin } from '../auth/actor';
import type { WorkflowDeps } from '../documents/workflow-deps';
import { AppError } from '../http/errors';
import { findOrganizationByCode } from '../organizations/organizations.repository';
import { inTransaction } from '../shared/unit-of-work';
import { loadManagedUser } from '../users/managed-user';
import { Readable } from 'node:stream';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

function assertPng(image: Buffer): void {
  if (image.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Ảnh quá lớn (tối đa 2 MB)');
  if (image.length < 33 || !image.subarray(0, 8).equals(PNG_MAGIC)) throw new AppError('INVALID_FILE', 'Ảnh phải là tệp PNG (nền trong suốt)');
}

/** The leader's handwritten signature (blue, transparent PNG) drawn in their signature appearance. */
export async function uploadSignatureImage(deps: WorkflowDeps, actor: Actor, userId: string, image: Buffer) {
  assertPng(image);
  const user = await loadManagedUser(deps.db, actor, userId);
  const blob = await deps.blobs.put(Readable.from([image]), { maxBytes: MAX_IMAGE_BYTES, contentType: 'image/png' });
  await inTransaction(deps, async (uow) => {
    await uow.trx('users').where({ id: user.id }).update({ signature_image_key: blob.key });
    await uow.audit({ actorId: actor.userId, organizationId: user.organization_id, action: 'user.signature_image', objectType: 'user', objectId: user.id, summary: `Cập nhật ảnh chữ ký của ${user.full_name}`, data: { sha256: blob.sha256 } });
  });
  return { sha256: blob.sha256, size: blob.size };
}

/** The agency's red seal (transparent PNG) at its real size, placed over the leader's signature. */
export async function uploadSealImage(deps: WorkflowDeps, actor: Actor, orgCode: string, image: Buffer) {
  assertPng(image);
  const org = await findOrganizationByCode(deps.db, orgCode);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${orgCode}`);
  requireOrgAdmin(actor, org.id);
  const blob = await deps.blobs.put(Readable.from([image]), { maxBytes: MAX_IMAGE_BYTES, contentType: 'image/png' });
  await inTransaction(deps, async (uow) => {
    await uow.trx('organizations').where({ id: org.id }).update({ seal_image_key: blob.key });
    await uow.audit({ actorId: actor.userId, organizationId: org.id, action: 'organization.seal_image', objectType: 'organization', objectId: org.id, summary: `Cập nhật ảnh con dấu của ${org.name}`, data: { sha256: blob.sha256 } });
  });
  return { sha256: blob.sha256, size: blob.size };
}
