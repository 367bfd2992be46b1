import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLocalBlobStore, type BlobStore } from '../../../storage';
import { signPdf } from '../../../signing/sign';
import { createLibrarySigning } from '../../../server/signing-keys/library-signing';
import { rememberVerifications } from '../../../server/signing-keys/verification-memory';
import type { DocumentSigning } from '../../../server/signing-keys/document-signing';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { testPki, type TestPki } from '../../signing/sign/test-pki';
import { signaturePng } from '../../signing/fixtures/images';

/** Remembered verdicts: keyed by the file's bytes and the anchors, short-lived, bounded; never a stale 'valid'. */
describe('verification memory', () => {
  let dir: string;
  let blobs: BlobStore;
  let pki: TestPki;
  let signed: Buffer;
  let library: DocumentSigning;
  let calls: number;
  let clock: number;
  const counting = (): DocumentSigning => ({ ...library, verify: (key, anchors) => ((calls += 1), library.verify(key, anchors)) });
  const store = async (bytes: Buffer) => (await blobs.put(Readable.from([bytes]), { contentType: 'application/pdf' })).key;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-verification-memory-'));
    blobs = await createLocalBlobStore({ root: path.join(dir, 'blobs') });
    library = createLibrarySigning({ blobs, tempDir: path.join(dir, 'tmp') });
    pki = testPki();
    const draft = path.join(dir, 'draft.pdf');
    fs.writeFileSync(draft, await makeDraftPdf({ signerName: 'Trần Thị B' }));
    const out = path.join(dir, 'signed.pdf');
    await signPdf({ input: draft, output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Trần Thị B' });
    signed = fs.readFileSync(out);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    calls = 0;
    clock = 1_000_000;
  });

  it('serves a verdict again for the same file and anchors, within its time', async () => {
    const memory = rememberVerifications(counting(), { ttlMs: 60_000, maxEntries: 10, now: () => clock });
    const key = await store(signed);
    const [a, b] = await Promise.all([memory.verify(key, [pki.leader.rootPem]), memory.verify(key, [pki.leader.rootPem])]);
    expect(a.valid).toBe(true);
    expect(b).toBe(a);
    expect(calls).toBe(1);
    clock += 59_000;
    expect((await memory.verify(key, [pki.leader.rootPem])).valid).toBe(true);
    expect(calls).toBe(1);
    // Past its time the file is verified again.
    clock += 2_000;
    await memory.verify(key, [pki.leader.rootPem]);
    expect(calls).toBe(2);
  });

  it('never serves a remembered valid to a changed file or to other trust anchors', async () => {
    const memory = rememberVerifications(counting(), { ttlMs: 60_000, maxEntries: 10, now: () => clock });
    const key = await store(signed);
    expect((await memory.verify(key, [pki.leader.rootPem])).valid).toBe(true);
    // One byte of the signed content changed: another blob key, verified on its own, and broken.
    const forged = Buffer.from(signed);
    // Inside the first stream's data (covered by the signature): the file still parses.
    forged[forged.indexOf('stream', 0, 'latin1') + 10] ^= 0x01;
    const forgedKey = await store(forged);
    expect(forgedKey).not.toBe(key);
    const forgedOutcome = await memory.verify(forgedKey, [pki.leader.rootPem]);
    expect(forgedOutcome.valid).toBe(false);
    expect((forgedOutcome.report as { signatures: { integrity: string }[] }).signatures[0].integrity).toBe('broken');
    // The same file against no trusted root: not trusted, whatever was remembered for the root.
    expect((await memory.verify(key, [])).valid).toBe(false);
    expect(calls).toBe(3);
  });

  it('keeps a bounded number of verdicts, and does not remember failures', async () => {
    const memory = rememberVerifications(counting(), { ttlMs: 60_000, maxEntries: 2, now: () => clock });
    const key = await store(signed);
    const anchorsA = [pki.leader.rootPem];
    const anchorsB: string[] = [];
    const anchorsC = [pki.seal.rootPem, pki.leader.rootPem];
    for (const anchors of [anchorsA, anchorsB, anchorsC]) await memory.verify(key, anchors);
    expect(calls).toBe(3);
    // The oldest verdict was dropped: verified again.
    await memory.verify(key, anchorsA);
    expect(calls).toBe(4);

    const missing = 'f'.repeat(64);
    await expect(memory.verify(missing, anchorsA)).rejects.toThrow();
    await expect(memory.verify(missing, anchorsA)).rejects.toThrow();
    expect(calls).toBe(6);
  });
});
