import { randomUUID, X509Certificate } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { loadManagedUser } from '../users/managed-user';
import { findSigningKey, insertRegisteredCertificate, registeredCertificateFingerprints } from './signing-keys.repository';
import { parseCertificates } from './trust-anchors';

export const registerCertificateSchema = z.object({ pem: z.string().min(100).max(50_000) });

export const fingerprintOf = (cert: X509Certificate): string => cert.fingerprint256.replace(/:/g, '').toLowerCase();

/** SHA-256 fingerprints of every certificate a person may sign with: their server-held key's and those registered for tokens. */
export async function registeredFingerprints(db: Knex, userId: string): Promise<Set<string>> {
  const out = new Set<string>();
  const key = await findSigningKey(db, 'user', userId);
  if (key) out.add(fingerprintOf(new X509Certificate(key.certificate_pem)));
  for (const fingerprint of await registeredCertificateFingerprints(db, userId)) out.add(fingerprint);
  return out;
}

/** A person's token certificate (no key): two-phase signing accepts only signatures by registered certificates. */
export async function registerUserCertificate(deps: TransactionDeps & { now: () => Date }, actor: Actor, userId: string, input: z.infer<typeof registerCertificateSchema>) {
  const user = await loadManagedUser(deps.db, actor, userId);
  const [cert] = parseCertificates(input.pem);
  if (cert.ca) throw new AppError('VALIDATION_FAILED', 'Chứng thư CA không dùng để ký văn bản');
  if (new Date(cert.validTo).getTime() < deps.now().getTime()) throw new AppError('CERTIFICATE_EXPIRED', 'Chứng thư số đã hết hạn');
  const fingerprint = fingerprintOf(cert);
  const subject = cert.subject.replace(/\n/g, ', ');
  await inTransaction(deps, async (uow) => {
    await insertRegisteredCertificate(uow.trx, { id: randomUUID(), user_id: user.id, fingerprint, certificate_pem: cert.toString(), subject, not_after: new Date(cert.validTo), added_by: actor.userId });
    await uow.audit({ actorId: actor.userId, organizationId: user.organization_id, action: 'certificate.register', objectType: 'user', objectId: user.id, summary: `Đăng ký chứng thư số (thiết bị ký) cho ${user.full_name}`, data: { fingerprint, subject } });
  });
  return { fingerprint, subject, notAfter: new Date(cert.validTo).toISOString() };
}
