import { ApiClient } from './api-client';
import type { DemoWorld } from './demo-world';
import { sealPng, signaturePng } from '../signing/fixtures/images';
import { ADMIN_PASSWORD } from './test-server';
import { demoPki } from '../signing/ca/fixtures';
import { makeNssDb } from '../signing/ca/nss';
import { loadCa } from '../../signing/ca';

export const LEADER_PIN = '246810';
export { DEMO_PIN } from '../../server/seed/seed-demo-pki';

function fileForm(bytes: Buffer, field: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(field, new Blob([new Uint8Array(bytes)]), `${field}.bin`);
  return form;
}

export interface SigningSetup {
  rootPem: string;
  /** NSS database trusting the demo root, for pdfsig. */
  nssDir: string;
}

/**
 * Gives organisations what issuing needs, through the API as the system admin: the demo root as a
 * trust anchor, a personal certificate (PIN LEADER_PIN) and signature image for each leader, the
 * agency certificate and seal image for each organisation.
 */
export async function equipForSigning(w: DemoWorld, parties: { leader: string; orgCode: string }[]): Promise<SigningSetup> {
  const pki = await demoPki();
  const admin = await new ApiClient(w.t.url).login('admin', ADMIN_PASSWORD);
  const anchor = await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem });
  if (anchor.status !== 201) throw new Error(`trust anchor: ${JSON.stringify(anchor.body)}`);
  for (const { leader, orgCode } of parties) {
    const client = await w.as(leader);
    const steps = [
      await admin.post(`/users/${client.userId}/certificate`, fileForm(pki.leader.toP12('p12-pass'), 'p12', { password: 'p12-pass', pin: LEADER_PIN })),
      await admin.post(`/organizations/${orgCode}/certificate`, fileForm(pki.seal.toP12('seal-pass'), 'p12', { password: 'seal-pass' })),
      await client.post(`/users/${client.userId}/signature-image`, fileForm(signaturePng(), 'image')),
      await admin.post(`/organizations/${orgCode}/seal-image`, fileForm(sealPng(), 'image')),
    ];
    for (const step of steps) if (step.status !== 201) throw new Error(`signing setup for ${leader}: ${step.status} ${JSON.stringify(step.body)}`);
  }
  return { rootPem: pki.ca.rootCertPem, nssDir: makeNssDb(pki.ca.rootCertPem) };
}

/** Trust material of a world started with VANBAN_DEMO_PKI=1: the demo root, and an NSS db for pdfsig. */
export async function demoTrust(w: DemoWorld): Promise<SigningSetup> {
  const ca = await loadCa(w.t.vanban.config.pkiDir);
  return { rootPem: ca.rootCertPem, nssDir: makeNssDb(ca.rootCertPem) };
}
