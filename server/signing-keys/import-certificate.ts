import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import type { SigningKeyDeps } from './signing-key-deps';
import { AppError } from '../shared/errors';
import { findOrganizationByCode } from '../organizations/organizations.repository';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { loadManagedUser } from '../users/managed-user';
import type { CertificateInfo, SignerMaterial } from './document-signing';
import { sealSecret } from './key-seal';
import { PIN_KDF_LOG_N, sealUserKey } from './unlock-key';
import { upsertSigningKey } from './signing-keys.repository';

export const userCertificateSchema = z.object({
  password: z.string().max(200).default(''),
  pin: z.string().min(4, 'PIN có ít nhất 4 ký tự').max(64),
});
export const orgCertificateSchema = z.object({ password: z.string().max(200).default('') });

export { PIN_KDF_LOG_N } from './unlock-key';
/** The server secret is already 256 random bits: no stretching needed. */
export const SERVER_SECRET_LOG_N = 10;

export interface KeyOwner {
  type: 'user' | 'organization';
  id: string;
  organizationId: string;
  label: string;
}

/**
 * Seals a private key and stores it with its certificate, audited: a person's under their PIN with
 * the server secret as pepper, an agency's under the server secret.
 */
export async function storeSigningKey(deps: TransactionDeps & { serverSecret: Buffer }, actorId: string | null, owner: KeyOwner, material: SignerMaterial & CertificateInfo, pin: string | null, pinLogN = PIN_KDF_LOG_N) {
  const sealed = pin === null ? await sealSecret(Buffer.from(material.keyPem), deps.serverSecret, SERVER_SECRET_LOG_N) : await sealUserKey(material.keyPem, pin, deps.serverSecret, pinLogN);
  await inTransaction(deps, async (uow) => {
    await upsertSigningKey(uow.trx, { id: randomUUID(), owner_type: owner.type, owner_id: owner.id, certificate_pem: material.certPem, chain_pem: material.chainPem, subject: material.subject, not_after: material.notAfter, sealed_key: sealed });
    await uow.audit({ actorId, organizationId: owner.organizationId, action: 'certificate.import', objectType: owner.type, objectId: owner.id, summary: `Nạp chứng thư số cho ${owner.label}: ${material.commonName}`, data: { subject: material.subject, notAfter: material.notAfter.toISOString() } });
  });
  return { subject: material.subject, commonName: material.commonName, notAfter: material.notAfter.toISOString() };
}

async function readValidP12(deps: SigningKeyDeps, p12: Buffer, password: string) {
  let material: SignerMaterial & CertificateInfo;
  try {
    material = await deps.signing.readP12(p12, password);
  } catch (err) {
    throw new AppError('INVALID_FILE', `Không mở được tệp PKCS#12 (sai mật khẩu hoặc tệp hỏng): ${(err as Error).message}`);
  }
  if (material.notAfter.getTime() < deps.now().getTime()) throw new AppError('CERTIFICATE_EXPIRED', 'Chứng thư số đã hết hạn');
  return material;
}

/** A person's signing key, sealed under their PIN: the server cannot sign for them without it. */
export async function importUserCertificate(deps: SigningKeyDeps, actor: Actor, userId: string, p12: Buffer, input: z.infer<typeof userCertificateSchema>) {
  const user = await loadManagedUser(deps.db, actor, userId);
  const material = await readValidP12(deps, p12, input.password);
  return storeSigningKey(deps, actor.userId, { type: 'user', id: user.id, organizationId: user.organization_id, label: user.full_name }, material, input.pin);
}

/** The agency's seal key, sealed under the server secret: clerks apply it when issuing. */
export async function importOrganizationCertificate(deps: SigningKeyDeps, actor: Actor, orgCode: string, p12: Buffer, input: z.infer<typeof orgCertificateSchema>) {
  const org = await findOrganizationByCode(deps.db, orgCode);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${orgCode}`);
  requireOrgAdmin(actor, org.id);
  const material = await readValidP12(deps, p12, input.password);
  return storeSigningKey(deps, actor.userId, { type: 'organization', id: org.id, organizationId: org.id, label: org.name }, material, null);
}
