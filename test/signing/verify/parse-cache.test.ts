import { ParseCache } from '../../../signing/verify/parse-cache';

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
