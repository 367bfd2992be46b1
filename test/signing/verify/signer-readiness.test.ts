import { createPrivateKey, X509Certificate } from 'node:crypto';
import { checkSignerReadiness, signerReadinessMemory } from '../../../signing/verify';
import { demoPki } from '../ca/fixtures';

describe('checkSignerReadiness: will a signature made with this material verify as trusted?', () => {
  it('is ready for a certificate that matches its key and chains to an anchor, now', async () => {
    const { ca, seal } = await demoPki();
    expect(checkSignerReadiness({ key: seal.keyPem, certPem: seal.certPem, chainPem: seal.chainPem, trustAnchors: [ca.root.certPem], time: new Date() })).toEqual({ ready: true });
  });

  it('refuses a certificate of another key (the swapped record an issue must not number for)', async () => {
    const { ca, seal, leader } = await demoPki();
    const result = checkSignerReadiness({ key: seal.keyPem, certPem: leader.certPem, chainPem: leader.chainPem, trustAnchors: [ca.root.certPem], time: new Date() });
    expect(result).toEqual({ ready: false, reason: 'Chứng thư số không khớp với khoá ký' });
  });

  it('refuses when no anchor is trusted, and outside the validity period', async () => {
    const { ca, seal } = await demoPki();
    const untrusted = checkSignerReadiness({ key: seal.keyPem, certPem: seal.certPem, chainPem: seal.chainPem, trustAnchors: [], time: new Date() });
    expect(untrusted.ready).toBe(false);
    expect(untrusted.reason).toMatch(/^Chứng thư số không thuộc tổ chức cung cấp dịch vụ tin cậy/);
    const after = new Date(new X509Certificate(seal.certPem).validTo);
    after.setFullYear(after.getFullYear() + 1);
    const expired = checkSignerReadiness({ key: seal.keyPem, certPem: seal.certPem, chainPem: seal.chainPem, trustAnchors: [ca.root.certPem], time: after });
    expect(expired.ready).toBe(false);
  });

  it('remembers a "ready" for a while, never a refusal, nor past the certificate\'s validity or for other material', async () => {
    const { ca, seal, leader } = await demoPki();
    const ready = signerReadinessMemory(60_000);
    const key = createPrivateKey(seal.keyPem);
    const input = { key, certPem: seal.certPem, chainPem: seal.chainPem, trustAnchors: [ca.root.certPem], time: new Date() };
    expect(ready(input)).toEqual({ ready: true });
    // Other anchors, another certificate: checked, not remembered.
    expect(ready({ ...input, trustAnchors: [] }).ready).toBe(false);
    expect(ready({ ...input, certPem: leader.certPem, chainPem: leader.chainPem })).toEqual({ ready: false, reason: 'Chứng thư số không khớp với khoá ký' });
    // Past the kept minute, or past the certificate's end: checked again, and refused.
    const validTo = new Date(new X509Certificate(seal.certPem).validTo).getTime();
    expect(ready({ ...input, time: new Date(validTo + 1000) }).ready).toBe(false);
    const forAges = signerReadinessMemory(100 * 365 * 86_400_000);
    expect(forAges(input)).toEqual({ ready: true });
    expect(forAges({ ...input, time: new Date(validTo + 1000) }).ready).toBe(false);
    expect(ready({ ...input, time: new Date(input.time.getTime() + 30_000) })).toEqual({ ready: true });
    // The same material refused once is not taken as ready from a refusal: the anchors-less check stays a refusal.
    expect(ready({ ...input, trustAnchors: [] }).ready).toBe(false);
  });
});
