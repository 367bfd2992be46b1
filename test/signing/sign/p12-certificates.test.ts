import { X509Certificate } from 'node:crypto';
import { loadP12 } from '../../../signing/sign';
import { demoPki } from '../ca/fixtures';

const strip = (pem: string) => pem.replace(/\s/g, '');

describe('loadP12 keeps certificates byte for byte', () => {
  it('returns the CA-issued certificates unchanged, so their signatures still verify', async () => {
    const pki = await demoPki();
    for (const issued of [pki.leader, pki.seal, pki.leaderEc]) {
      const m = loadP12(issued.toP12('mật-khẩu'), 'mật-khẩu');
      expect(strip(m.certPem)).toBe(strip(issued.certPem));
      expect((m.chainPem ?? []).map(strip)).toEqual(issued.chainPem.map(strip));
      const leaf = new X509Certificate(m.certPem);
      const sub = new X509Certificate(m.chainPem![0]);
      expect(leaf.verify(sub.publicKey)).toBe(true);
      expect(sub.verify(new X509Certificate(pki.ca.rootCertPem).publicKey)).toBe(true);
    }
  });
});
