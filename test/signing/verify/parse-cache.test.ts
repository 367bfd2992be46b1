import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { verifyPdf } from '../../../signing/verify';
import { ParseCache } from '../../../signing/verify/parse-cache';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';
import { signedOnce } from './signed-fixtures';

jest.setTimeout(60_000);

describe('ParseCache: parses remembered per exact bytes, never a verdict', () => {
  it('parses once per byte string; other bytes are parsed on their own', () => {
    const cache = new ParseCache<string>(8);
    let parses = 0;
    const parse = (b: Buffer) => () => {
      parses += 1;
      return b.toString('hex');
    };
    const a = Buffer.from('3003020101', 'hex');
    expect(cache.get(a, parse(a))).toBe('3003020101');
    expect(cache.get(Buffer.from(a), parse(a))).toBe('3003020101');
    expect(parses).toBe(1);
    const b = Buffer.from('3003020102', 'hex');
    expect(cache.get(b, parse(b))).toBe('3003020102');
    expect(parses).toBe(2);
  });

  it('does not remember a failed parse', () => {
    const cache = new ParseCache<number>(8);
    const bytes = Buffer.from('ff', 'hex');
    expect(() => cache.get(bytes, () => { throw new Error('malformed'); })).toThrow('malformed');
    expect(cache.get(bytes, () => 7)).toBe(7);
  });

  it('keeps at most its limit, evicting the least recently used', () => {
    const cache = new ParseCache<number>(2);
    const k = (n: number) => Buffer.from([n]);
    let parses = 0;
    const p = (n: number) => () => (parses += 1, n);
    cache.get(k(1), p(1));
    cache.get(k(2), p(2));
    cache.get(k(1), p(1)); // 1 is now the most recent
    cache.get(k(3), p(3)); // evicts 2
    expect(cache.size).toBe(2);
    expect(parses).toBe(3);
    cache.get(k(1), p(1));
    expect(parses).toBe(3);
    cache.get(k(2), p(2));
    expect(parses).toBe(4);
  });
});

describe('with parses remembered, verdicts are still computed on every call', () => {
  it('the same signature in a tampered file, or under other trust anchors, is not valid', async () => {
    const pki = verifyPki();
    const opts = { trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] };
    const file = await signedOnce();
    expect((await verifyPdf(file, opts)).valid).toBe(true);
    // The same bytes again: parses come from the cache, the verdict is the same.
    expect((await verifyPdf(file, opts)).valid).toBe(true);

    // One signed byte changed (inside the first signed range): the CMS parse is shared, the digest is not.
    const bytes = readFileSync(file);
    const at = bytes.indexOf('/MediaBox');
    expect(at).toBeGreaterThan(0);
    const forged = Buffer.from(bytes);
    forged.write('/MediaBoy', at, 'latin1');
    const forgedPath = join(tempDir('vanban-pc-'), 'forged.pdf');
    writeFileSync(forgedPath, forged);
    const report = await verifyPdf(forgedPath, opts);
    expect(report.valid).toBe(false);
    expect(report.signatures[0].errors.map((e) => e.code)).toContain('DIGEST_MISMATCH');

    // Another set of trust anchors (the signer's root no longer in it): remembered parses carry no trust.
    const untrusted = await verifyPdf(file, { trustAnchors: [pki.strangerRootPem], intermediates: [pki.intermediatePem] });
    expect(untrusted.valid).toBe(false);
    expect(untrusted.signatures[0].chain).toBe('untrusted');
  });
});
