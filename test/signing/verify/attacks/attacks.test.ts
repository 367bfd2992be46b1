import { spawnSync } from 'child_process';
import { verifyPdf } from '../../../../signing/verify';
import { verifyPki } from '../pki';
import { ATTACKS } from './generators';

jest.setTimeout(300_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });

describe('every attack on a signed file is reported not valid', () => {
  const bases = new Map<unknown, Promise<string>>();
  for (const attack of ATTACKS) {
    test(attack.name, async () => {
      if (!bases.has(attack.base)) bases.set(attack.base, attack.base());
      const signed = await bases.get(attack.base)!;
      const before = await verifyPdf(signed, opts());
      expect(before.valid).toBe(true);
      const forged = await attack.forge(signed);
      // The forgery is a well-formed PDF: qpdf finds nothing wrong with its structure.
      const q = spawnSync('qpdf', ['--check', forged], { encoding: 'utf8' });
      expect(q.status === 0 || q.status === 3).toBe(true);
      const r = await verifyPdf(forged, opts());
      expect(r.valid).toBe(false);
      expect(r.signatures[0].valid).toBe(false);
    });
  }
});
