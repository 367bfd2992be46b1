import { execFileSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { join } from 'path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PdfReader, PdfString, bufferSource } from '../../../signing/pdf';
import { completePdfSignature, preparePdfSignature, signPdf } from '../../../signing/sign';
import { sign } from 'crypto';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig } from './validators';

/** An RFC 3161 TSA served over HTTP by `openssl ts -reply` (independent of our code). */
function startOpensslTsa(config: string): Promise<{ url: string; server: Server; requests: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      const dir = tempDir('vanban-tsa-');
      writeFileSync(join(dir, 'q.tsq'), Buffer.concat(chunks));
      execFileSync('openssl', ['ts', '-reply', '-config', config, '-queryfile', join(dir, 'q.tsq'), '-out', join(dir, 'r.tsr')], { stdio: 'pipe' });
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(readFileSync(join(dir, 'r.tsr')));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, server, requests: () => count })));
}

async function cmsOf(file: string): Promise<pkijs.SignedData> {
  const r = await PdfReader.open(bufferSource(readFileSync(file)));
  const acro = await r.resolveDict((await r.catalog()).get('AcroForm'));
  const [field] = (await r.resolve(acro!.get('Fields'))) as unknown[];
  const sig = await r.resolveDict((await r.resolveDict(field as never))!.get('V'));
  const der = (sig!.get('Contents') as PdfString).bytes;
  const parsed = asn1js.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.length) as ArrayBuffer);
  return new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
}

describe('PAdES B-T', () => {
  const pki = testPki();

  test('signature timestamp from a TSA; openssl verifies the token over the signature value', async () => {
    const tsa = await startOpensslTsa(pki.tsaConfig);
    try {
      const dir = tempDir();
      const out = join(dir, 'bt.pdf');
      const r = await signPdf({ input: writeTemp(await classicPdf(), 'in.pdf', dir), output: out, signer: pki.leader, kind: 'signer', page: 1, rect: '380,180,160,40', tsaUrl: tsa.url });
      expect(r.level).toBe('B-T');
      expectAllValid(pdfsig(out, pki.nssDir), 1);
      const sd = await cmsOf(out);
      const si = sd.signerInfos[0];
      const attr = si.unsignedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14')!;
      writeFileSync(join(dir, 'token.der'), Buffer.from(attr.values[0].toBER(false)));
      writeFileSync(join(dir, 'sigvalue.bin'), Buffer.from(si.signature.valueBlock.valueHexView));
      const ok = execFileSync('openssl', ['ts', '-verify', '-data', join(dir, 'sigvalue.bin'), '-in', join(dir, 'token.der'), '-token_in',
        '-CAfile', join(pki.dir, 'root.pem'), '-untrusted', join(pki.dir, 'tsa.pem')], { encoding: 'utf8', stdio: 'pipe' });
      expect(ok).toContain('Verification: OK');
      // No signing-time attribute: the claimed time lives in /M.
      expect(si.signedAttrs!.attributes.map((a) => a.type)).not.toContain('1.2.840.113549.1.9.5');
    } finally {
      tsa.server.close();
    }
  });

  test('a token bigger than the allowance: the placeholder is laid out again from the real size', async () => {
    const tsa = await startOpensslTsa(pki.tsaConfig);
    try {
      let calls = 0;
      // Wrap a real token in padding the way a TSA embedding a long chain would grow it.
      const real = (await import('../../../signing/sign')).httpTimestamper(tsa.url);
      const timestamper = async (data: Buffer): Promise<Buffer> => {
        calls++;
        const token = await real(data);
        const parsed = new pkijs.ContentInfo({ schema: asn1js.fromBER(token.buffer.slice(token.byteOffset, token.byteOffset + token.length) as ArrayBuffer).result });
        const sd = new pkijs.SignedData({ schema: parsed.content });
        const rootDer = Buffer.from(readFileSync(join(pki.dir, 'root.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
        const big = pkijs.Certificate.fromBER(rootDer.buffer.slice(rootDer.byteOffset, rootDer.byteOffset + rootDer.length) as ArrayBuffer);
        sd.certificates = [...(sd.certificates ?? []), ...Array(8).fill(big)];
        return Buffer.from(new pkijs.ContentInfo({ contentType: parsed.contentType, content: sd.toSchema(true) }).toSchema().toBER(false));
      };
      const dir = tempDir();
      const out = join(dir, 'big.pdf');
      const r = await signPdf({ input: writeTemp(await classicPdf(), 'in.pdf', dir), output: out, signer: pki.leader, kind: 'signer', page: 1, rect: '380,180,160,40', timestamper });
      expect(r.level).toBe('B-T');
      expect(calls).toBe(2);
      expectAllValid(pdfsig(out, pki.nssDir), 1);
    } finally {
      tsa.server.close();
    }
  });

  test('two-phase B-T: the timestamp is fetched at completion', async () => {
    const tsa = await startOpensslTsa(pki.tsaConfig);
    try {
      const dir = tempDir();
      const prepared = await preparePdfSignature({ input: writeTemp(await classicPdf(), 'in.pdf', dir), preparedOutput: join(dir, 'p.pdf'), signer: { certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }, kind: 'signer', page: 1, rect: '380,180,160,40', tsaUrl: tsa.url });
      const done = await completePdfSignature(prepared.state, { signatureValue: sign('sha256', prepared.toBeSigned, pki.leader.keyPem) });
      expect(done.level).toBe('B-T');
      expect(tsa.requests()).toBe(1);
      expectAllValid(pdfsig(join(dir, 'p.pdf'), pki.nssDir), 1);
    } finally {
      tsa.server.close();
    }
  });

  test('an unreachable TSA fails the signing (no fake timestamp, no output)', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.pdf');
    await expect(signPdf({ input: writeTemp(await classicPdf(), 'in.pdf', dir), output: out, signer: pki.leader, kind: 'signer', page: 1, rect: '380,180,160,40', tsaUrl: 'http://127.0.0.1:9/tsa' }))
      .rejects.toMatchObject({ code: 'TSA_UNAVAILABLE' });
    expect(existsSync(out)).toBe(false);
  });
});
