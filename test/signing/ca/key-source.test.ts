import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { generateKeyPair, initCa, issueCertificate, type KeyPairPem } from '../../../signing/ca';
import { parseCertificate } from '../../../signing/ca/certificate';
import { pooledKeySource } from '../../helpers/key-pool';
import { scratchDir } from './fixtures';

const spkiOf = (certDer: Buffer) => Buffer.from(parseCertificate(certDer).subjectPublicKeyInfo.toSchema().toBER(false));

describe('CA key source', () => {
  it('takes every key of the CA and of the certificates it issues from the source it was given', async () => {
    const handed: KeyPairPem[] = [];
    const ca = await initCa(path.join(scratchDir(), 'ca'), { keySource: (type) => handed[handed.push(generateKeyPair(type)) - 1] });
    expect(handed).toHaveLength(4);
    expect(handed.map((k) => k.publicKeySpki)).toContainEqual(spkiOf(ca.root.certDer));
    const seal = await issueCertificate(ca, { commonName: 'UBND xã Hiên Vân', organization: 'UBND xã Hiên Vân', seal: true });
    expect(handed).toHaveLength(5);
    expect(spkiOf(seal.certDer)).toEqual(handed[4].publicKeySpki);
    expect(createPublicKey(seal.keyPem).export({ type: 'spki', format: 'der' })).toEqual(handed[4].publicKeySpki);
  });

  it('gives each pooled source of a test file keys no other source of that file has', () => {
    const a = pooledKeySource();
    const b = pooledKeySource();
    const keys = [a('rsa'), a('rsa'), b('rsa'), b('rsa')].map((k) => k.publicKeySpki.toString('base64'));
    expect(new Set(keys).size).toBe(4);
    expect(a('ec').type).toBe('ec');
  });
});
