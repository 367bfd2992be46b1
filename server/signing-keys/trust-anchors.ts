import { randomUUID, X509Certificate } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { type Actor, requireSystemAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { insertTrustAnchor, listTrustAnchors } from './signing-keys.repository';

export const trustAnchorSchema = z.object({ pem: z.string().min(100).max(200_000) });

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function parseCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new AppError('VALIDATION_FAILED', 'Không tìm thấy chứng thư dạng PEM');
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'Chứng thư PEM không đọc được');
    }
  });
}

/** Root certificates that signature verification trusts (the government CA's, public CAs'…): configurable, never hard-coded. */
export async function addTrustAnchors(deps: TransactionDeps, actor: Actor | null, pem: string) {
  if (actor) requireSystemAdmin(actor);
  const certs = parseCertificates(pem);
  for (const cert of certs) {
    if (!cert.ca) throw new AppError('VALIDATION_FAILED', `${cert.subject.replace(/\n/g, ', ')} không phải chứng thư CA`);
  }
  const added: { subject: string; fingerprint: string; created: boolean }[] = [];
  await inTransaction(deps, async (uow) => {
    for (const cert of certs) {
      const fingerprint = cert.fingerprint256.replace(/:/g, '').toLowerCase();
      const subject = cert.subject.replace(/\n/g, ', ');
      const created = await insertTrustAnchor(uow.trx, { id: randomUUID(), fingerprint, subject, pem: cert.toString(), added_by: actor?.userId ?? null });
      added.push({ subject, fingerprint, created });
      if (created) await uow.audit({ actorId: actor?.userId ?? null, organizationId: null, action: 'trust_anchor.add', objectType: 'trust_anchor', objectId: fingerprint, summary: `Thêm chứng thư gốc tin cậy: ${subject}` });
    }
  });
  return added;
}

export async function listTrustAnchorViews(db: Knex) {
  return (await listTrustAnchors(db)).map((t) => ({ id: t.id, subject: t.subject, fingerprint: t.fingerprint, createdAt: new Date(t.created_at).toISOString() }));
}
