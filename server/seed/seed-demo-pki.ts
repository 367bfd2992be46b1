import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { BlobStore } from '../../storage';
import { initCa, issueCertificate, type IssuedCertificate, type KeySource } from '../../signing/ca';
import { sealPng, signaturePng } from '../../signing/ca/demo-images';
import { PIN_KDF_LOG_N, storeSigningKey } from '../signing-keys/import-certificate';
import { addTrustAnchors } from '../signing-keys/trust-anchors';
import { storeImage } from '../signing-keys/upload-images';
import type { TransactionDeps } from '../shared/unit-of-work';
import type { CertificateInfo } from '../signing-keys/document-signing';
import { listOrganizations } from '../organizations/organizations.repository';
import { usersWithRole } from '../users/users.repository';

export const DEMO_PIN = '123456';

export interface DemoPkiDeps extends TransactionDeps {
  db: Knex;
  blobs: BlobStore;
  serverSecret: Buffer;
  certificateInfo(certPem: string): CertificateInfo;
}

/**
 * Gives the demo a working signing setup: a DEMO CA published by this server (OCSP, CRL, TSA under
 * /api/v1/pki), trusted for verification; each leader's certificate sealed under DEMO_PIN with a
 * signature image; each agency's seal certificate and seal image. Runs once, on an empty CA folder.
 */
export async function seedDemoPki(deps: DemoPkiDeps, pkiDir: string, baseUrl: string, pinLogN = PIN_KDF_LOG_N, keySource?: KeySource): Promise<boolean> {
  if (fs.existsSync(path.join(pkiDir, 'state.json'))) return false;
  // Built aside and renamed into place, so a crash never leaves a half-made CA behind.
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-ca-'));
  const ca = await initCa(building, { baseUrl: `${baseUrl}/api/v1/pki`, keySource });
  const material = (issued: IssuedCertificate) => ({ keyPem: issued.keyPem, certPem: issued.certPem, chainPem: issued.chainPem, ...deps.certificateInfo(issued.certPem) });
  await addTrustAnchors(deps, null, ca.rootCertPem);
  const orgs = await listOrganizations(deps.db);
  for (const org of orgs) {
    const seal = await issueCertificate(ca, { commonName: org.name, organization: org.name, seal: true });
    await storeSigningKey(deps, null, { type: 'organization', id: org.id, organizationId: org.id, label: org.name }, material(seal), null);
    await storeImage(deps, null, { kind: 'seal', id: org.id, organizationId: org.id, summary: `Ảnh con dấu mẫu của ${org.name}` }, sealPng());
    const leaders = await usersWithRole(deps.db, org.id, 'leader');
    for (const leader of leaders) {
      const cert = await issueCertificate(ca, { commonName: leader.full_name, organization: org.name, organizationalUnit: leader.position });
      await storeSigningKey(deps, null, { type: 'user', id: leader.id, organizationId: org.id, label: leader.full_name }, material(cert), DEMO_PIN, pinLogN);
      await storeImage(deps, null, { kind: 'signature', id: leader.id, organizationId: org.id, summary: `Ảnh chữ ký mẫu của ${leader.full_name}` }, signaturePng());
    }
  }
  fs.mkdirSync(path.dirname(pkiDir), { recursive: true });
  fs.cpSync(building, pkiDir, { recursive: true });
  fs.rmSync(building, { recursive: true, force: true });
  return true;
}
