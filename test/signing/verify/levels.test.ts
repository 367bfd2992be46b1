import { readFileSync, writeFileSync } from 'fs';
import { verifyPdf } from '../../../signing/verify';
import { addDocumentTimestamp, addDss } from './ltv-fixtures';
import { verifyPki } from './pki';
import { pdfsigVerify, signedOnce } from './signed-fixtures';

jest.setTimeout(60_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });

test('B-B → B-T → B-LT → B-LTA', async () => {
  const bb = await signedOnce();
  expect((await verifyPdf(bb, opts())).signatures[0].level).toBe('B-B');
  const bt = await signedOnce({ timestamp: true });
  expect((await verifyPdf(bt, opts())).signatures[0].level).toBe('B-T');

  const lt = await addDss(bt);
  const rlt = await verifyPdf(lt, { trustAnchors: [verifyPki().rootPem] }); // intermediate from the DSS
  expect(rlt.signatures[0]).toMatchObject({ level: 'B-LT', revocation: 'good', chain: 'trusted', changesAfter: 'signatures_only', valid: true });

  const lta = await addDocumentTimestamp(lt);
  const r = await verifyPdf(lta, opts());
  expect(r.signatures.map((s) => [s.kind, s.level, s.integrity, s.chain, s.changesAfter, s.valid])).toEqual([
    ['signature', 'B-LTA', 'intact', 'trusted', 'signatures_only', true],
    ['document_timestamp', null, 'intact', 'trusted', 'none', true],
  ]);
  expect(r.signatures[1]).toMatchObject({ subFilter: 'ETSI.RFC3161', signingTimeSource: 'timestamp', signer: { commonName: 'TSA Thu nghiem' } });
  // pdfsig still validates the signature under the DSS and the document timestamp.
  expect(pdfsigVerify(lta).valid).toBeGreaterThanOrEqual(1);

  // A document timestamp over a B-B signature lifts it to B-T.
  const bbTs = await verifyPdf(await addDocumentTimestamp(bb), opts());
  expect(bbTs.signatures[0].level).toBe('B-T');
});

test('a tampered document timestamp is broken', async () => {
  const file = await addDocumentTimestamp(await signedOnce());
  const buf = readFileSync(file);
  buf[10] ^= 1;
  writeFileSync(file, buf);
  const r = await verifyPdf(file, opts());
  expect(r.signatures.map((s) => s.integrity)).toEqual(['broken', 'broken']);
  expect(r.valid).toBe(false);
});
