import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Actor, requireOrgAdmin } from '../auth/actor';
import type { WorkflowDeps } from '../documents/workflow-deps';
import { AppError } from '../http/errors';
import { findOrganizationByCode } from '../organizations/organizations.repository';
import { inTransaction } from '../shared/unit-of-work';
import { loadManagedUser } from '../users/managed-user';
import { sealSecret } from './key-seal';
import { upsertSigningKey } from './signing-keys.repository';

export const userCertificateSchema = z.object({
  password: z.string().max(200).default(''),
  pin: z.string().min(4, 'PIN có ít nhất 4 ký tự').max(64),
});
export const orgCertificateSchema = z.object({ password: z.string().max(200).default('') });

/** PINs are short: a stronger stretch than passwords, paid once per signing. */
const PIN_KDF_LOG_N = 15;

async function readP12(deps: WorkflowDeps, p12: Buffer, password: string) {
  try {
    return await deps.signing.readP12(p12, password);
  } catch (err) {
    throw new AppError('INVALID_FILE', `Không mở được tệp PKCS#12 (sai mật khẩu hoặc tệp hỏng): ${(err as Error).message}`);
  }
}

/** Stores a person's signing key, sealed under their PIN: the server cannot sign for them without it. */
export async function importUserCertificate(deps: WorkflowDeps, actor: Actor, userId: string, p12: Buffer, input: z.infer<typeof userCertificateSchema>, kdfLogN = PIN_KDF_LOG_N) {
  const user = await loadManagedUser(deps.db, actor, userId);
  const material = await readP12(deps, p12, input.password);
  if (material.notAfter.getTime() < deps.now().getTime()) throw new AppError('CERTIFICATE_EXPIRED', 'Chứng thư số đã hết hạn');
  const sealed = await sealSecret(Buffer.from(material.keyPem), input.pin, kdfLogN);
  await inTransaction(deps, async (uow) => {
    await upsertSigningKey(uow.trx, { id: randomUUID(), owner_type: 'user', owner_id: user.id, certificate_pem: material.certPem, chain_pem: material.chainPem, subject: material.subject, not_after: material.notAfter, sealed_key: sealed });
    await uow.audit({ actorId: actor.userId, organizationId: user.organization_id, action: 'certificate.import', objectType: 'user', objectId: user.id, summary: `Nạp chứng thư số cho ${user.full_name}: ${material.commonName}`, data: { subject: material.subject, notAfter: material.notAfter.toISOString() } });
  });
  return { subject: material.subject, commonName: material.commonName, notAfter: material.notAfter.toISOString() };
}

/** Stores the agency's seal key, sealed under the server secret: clerks apply it when issuing. */
export async function importOrganizationCertificate(deps: WorkflowDeps, actor: Actor, orgCode: string, p12: Buffer, input: z.infer<typeof orgCertificateSchema>) {
  const org = await findOrganizationByCode(deps.db, orgCode);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${orgCode}`);
  requireOrgAdmin(actor, org.id);
  const material = await readP12(deps, p12, input.password);
  if (material.notAfter.getTime() < deps.now().getTime()) throw new AppError('CERTIFICATE_EXPIRED', 'Chứng thư số đã hết hạn');
  const sealed = await sealSecret(Buffer.from(material.keyPem), deps.serverSecret, 10);
  await inTransaction(deps, async (uow) => {
    await upsertSigningKey(uow.trx, { id: randomUUID(), owner_type: 'organization', owner_id: org.id, certificate_pem: material.certPem, chain_pem: material.chainPem, subject: material.subject, not_after: material.notAfter, sealed_key: sealed });
    await uow.audit({ actorId: actor.userId, organizationId: org.id, action: 'certificate.import', objectType: 'organization', objectId: org.id, summary: `Nạp chứng thư số cơ quan ${org.name}: ${material.commonName}`, data: { subject: material.subject, notAfter: material.notAfter.toISOString() } });
  });
  return { subject: material.subject, commonName: material.commonName, notAfter: material.notAfter.toISOString() };
}
