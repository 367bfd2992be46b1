import { promises as fs } from 'fs';
import * as path from 'path';
import type * as pkijs from 'pkijs';
import { pemToDer, toPem } from '../crypto/der';
import { importSigningKey, nodeCryptoEngine, type KeyType } from '../crypto/webcrypto';
import { parseCertificate, serialHexOf, signCertificate } from './certificate';
import { CaError } from './errors';
import { generateKeyPair, type KeySource } from './keys';
import type { DistinguishedName } from './names';
import { ocspResponderProfile, rootProfile, subCaProfile, tsaProfile } from './profiles';
import { allocateSerial, newState, readState, statePersister, type CaState } from './state';
import { DEFAULT_BASE_URL, pkiUrls, type PkiUrls } from './urls';

/** One certificate of the CA with its key. Keys are unencrypted PKCS#8: DEMO use only. */
export interface CaMember {
  certPem: string;
  certDer: Buffer;
  keyPem: string;
  keyType: KeyType;
}

export interface CaBundle {
  dir: string;
  baseUrl: string;
  urls: PkiUrls;
  root: CaMember;
  sub: CaMember;
  /** Shortcuts for trust-anchor and intermediate configuration. */
  rootCertPem: string;
  subCertPem: string;
  tsa: CaMember;
  ocsp: CaMember;
  /** Live state (serials, issued, revoked); mutate only through this module's API. */
  state: CaState;
  /** Writes `state` to `dir/state.json`; writes are serialised. */
  persist(): Promise<void>;
  engine: pkijs.ICryptoEngine;
  /** New key pairs for certificates issued by this process (not persisted: a loaded CA generates). */
  keySource: KeySource;
}

export interface InitCaOptions {
  validYears?: number;
  baseUrl?: string;
  /** Start of the CA validity; defaults to one year ago so back-dated test certificates chain. */
  notBefore?: Date;
  keySource?: KeySource;
}

const DEMO = 'KHÔNG DÙNG THỰC TẾ';
const CA_ORG = 'DEMO Ban Cơ yếu Chính phủ';
const CA_UNIT = 'DEMO Cục Chứng thực số và Bảo mật thông tin';

export const CA_NAMES: Record<'root' | 'sub' | 'tsa' | 'ocsp', DistinguishedName> = {
  root: { country: 'VN', organization: CA_ORG, organizationalUnit: CA_UNIT, commonName: `DEMO Vanban Root CA - ${DEMO}` },
  sub: { country: 'VN', organization: CA_ORG, organizationalUnit: CA_UNIT, commonName: `DEMO Vanban Sub CA - ${DEMO}` },
  tsa: { country: 'VN', organization: CA_ORG, organizationalUnit: CA_UNIT, commonName: `DEMO Vanban TSA - ${DEMO}` },
  ocsp: { country: 'VN', organization: CA_ORG, organizationalUnit: CA_UNIT, commonName: `DEMO Vanban OCSP - ${DEMO}` },
};

const MEMBERS = ['root', 'sub', 'tsa', 'ocsp'] as const;

export function memberSigningKey(member: CaMember): Promise<CryptoKey> {
  return importSigningKey(pemToDer(member.keyPem, 'PRIVATE KEY'), member.keyType);
}

export function memberSpki(member: CaMember): Buffer {
  return Buffer.from(parseCertificate(member.certDer).subjectPublicKeyInfo.toSchema().toBER(false));
}

export async function initCa(dir: string, opts: InitCaOptions = {}): Promise<CaBundle> {
  const validYears = opts.validYears ?? 10;
  if (!(validYears > 0 && validYears <= 30)) throw new CaError('CA_BAD_INPUT', `validYears ${validYears}`);
  const baseUrl = opts.baseUrl ?? DEFAULT_BASE_URL;
  const urls = pkiUrls(baseUrl);
  const engine = nodeCryptoEngine();
  const state = newState(baseUrl);
  const notBefore = opts.notBefore ?? new Date(Date.now() - 365 * 86400_000);
  const notAfter = new Date(Date.now() + validYears * 365.25 * 86400_000);

  const keySource = opts.keySource ?? generateKeyPair;
  const keys = { root: keySource('rsa'), sub: keySource('rsa'), tsa: keySource('rsa'), ocsp: keySource('rsa') };
  const rootKey = keys.root.privateKeyPem;
  const subKey = keys.sub.privateKeyPem;

  const rootDer = signCertificate(
    { serial: allocateSerial(state), subject: CA_NAMES.root, issuer: 'self', notBefore, notAfter,
      subjectPublicKeySpki: keys.root.publicKeySpki, extensions: rootProfile(keys.root.publicKeySpki) },
    rootKey);
  const rootSubject = parseCertificate(rootDer).subject;
  const subDer = signCertificate(
    { serial: allocateSerial(state), subject: CA_NAMES.sub, issuer: rootSubject, notBefore, notAfter,
      subjectPublicKeySpki: keys.sub.publicKeySpki,
      extensions: subCaProfile(keys.sub.publicKeySpki, keys.root.publicKeySpki, urls) },
    rootKey);
  const subSubject = parseCertificate(subDer).subject;
  const subIssued = (name: 'tsa' | 'ocsp', profile: typeof tsaProfile) =>
    signCertificate(
      { serial: allocateSerial(state), subject: CA_NAMES[name], issuer: subSubject, notBefore, notAfter,
        subjectPublicKeySpki: keys[name].publicKeySpki,
        extensions: profile(keys[name].publicKeySpki, keys.sub.publicKeySpki, urls) },
      subKey);
  const ders = { root: rootDer, sub: subDer, tsa: subIssued('tsa', tsaProfile), ocsp: subIssued('ocsp', ocspResponderProfile) };

  // Recorded so that OCSP answers "good" for the CA's own certificates and they can be revoked.
  for (const [name, issuer] of [['sub', 'root'], ['tsa', 'sub'], ['ocsp', 'sub']] as const) {
    const cert = parseCertificate(ders[name]);
    state.issued.push({ serialHex: serialHexOf(cert.serialNumber), issuer, kind: name === 'sub' ? 'ca' : name, subject: CA_NAMES[name].commonName, notAfter: notAfter.toISOString() });
  }
  await fs.mkdir(dir, { recursive: true });
  const members = {} as Record<(typeof MEMBERS)[number], CaMember>;
  for (const name of MEMBERS) {
    const member: CaMember = { certPem: toPem(ders[name]), certDer: ders[name], keyPem: keys[name].privateKeyPem, keyType: 'rsa' };
    members[name] = member;
    await fs.writeFile(path.join(dir, `${name}.pem`), member.certPem);
    await fs.writeFile(path.join(dir, `${name}.key`), member.keyPem, { mode: 0o600 });
  }
  await fs.writeFile(path.join(dir, 'chain.pem'), members.sub.certPem + members.root.certPem);
  const persist = statePersister(dir, state);
  await persist();
  return { dir, baseUrl, urls, ...members, rootCertPem: members.root.certPem, subCertPem: members.sub.certPem, state, persist, engine, keySource };
}

/** `baseUrl` overrides the one recorded at init (the server knows its own public address). */
export async function loadCa(dir: string, opts: { baseUrl?: string } = {}): Promise<CaBundle> {
  const state = await readState(dir);
  const members = {} as Record<(typeof MEMBERS)[number], CaMember>;
  for (const name of MEMBERS) {
    try {
      const certPem = await fs.readFile(path.join(dir, `${name}.pem`), 'utf8');
      const keyPem = await fs.readFile(path.join(dir, `${name}.key`), 'utf8');
      members[name] = { certPem, certDer: pemToDer(certPem), keyPem, keyType: 'rsa' };
      parseCertificate(members[name].certDer);
    } catch (e) {
      throw new CaError('CA_CORRUPT', `${name}: ${(e as Error).message}`);
    }
  }
  const baseUrl = opts.baseUrl ?? state.baseUrl;
  return { dir, baseUrl, urls: pkiUrls(baseUrl), ...members, rootCertPem: members.root.certPem, subCertPem: members.sub.certPem, state, persist: statePersister(dir, state), engine: nodeCryptoEngine(), keySource: generateKeyPair };
}

/**
 * Re-reads state.json into the live bundle, for a long-running process (the HTTP server)
 * whose CA is also changed by another one (`vanban ca revoke`). The object is updated in
 * place so the bundle's persister keeps writing the same state.
 */
export async function reloadCaState(ca: CaBundle): Promise<void> {
  const fresh = await readState(ca.dir);
  Object.assign(ca.state, fresh);
}
