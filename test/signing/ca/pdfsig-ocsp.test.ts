import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf, { Signer } from '@signpdf/signpdf';
import { readFileSync } from 'fs';
import { createCrl, initCa, issueCertificate, respondOcsp, revokeCertificate, type CaBundle, type IssuedCertificate } from '../../../signing/ca';
import { scratchDir } from './fixtures';
import { makeNssDb } from './nss';
import { run, runAsync, writeFiles } from './tools';
import { pooledKeySource } from '../../helpers/key-pool';

/**
 * pdfsig checks revocation online through the OCSP URL in the certificate: here a CA whose
 * URLs point at a local HTTP server running our responder, so NSS is the OCSP client.
 */
let server: Server;
let ca: CaBundle;
let ocspHits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = req.url ?? '';
      if (url.startsWith('/pki/ocsp')) {
        ocspHits++;
        const der = req.method === 'GET' ? Buffer.from(decodeURIComponent(url.slice('/pki/ocsp/'.length)), 'base64') : Buffer.concat(chunks);
        return res.writeHead(200, { 'Content-Type': 'application/ocsp-response' }).end(await respondOcsp(ca, der));
      }
      if (url === '/pki/crl/sub.crl') return res.writeHead(200).end(createCrl(ca, 'sub'));
      if (url === '/pki/crl/root.crl') return res.writeHead(200).end(createCrl(ca, 'root'));
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  ca = await initCa(path.join(scratchDir(), 'ca'), { baseUrl: `http://127.0.0.1:${port}/pki`, keySource: pooledKeySource() });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

class OpensslSigner extends Signer {
  constructor(private readonly dir: string, private readonly cert: IssuedCertificate) {
    super();
  }
  async sign(content: Buffer): Promise<Buffer> {
    const f = writeFiles(this.dir, { 'c.bin': content, 's.pem': this.cert.certPem, 's.key': this.cert.keyPem, 'chain.pem': this.cert.chainPem.join('') });
    const out = `${this.dir}/sig.der`;
    const r = run('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-outform', 'DER', '-in', f['c.bin'], '-signer', f['s.pem'], '-inkey', f['s.key'], '-certfile', f['chain.pem'], '-out', out]);
    if (r.status !== 0) throw new Error(r.stderr);
    return readFileSync(out);
  }
}

async function signedPdf(cert: IssuedCertificate): Promise<string> {
  const dir = scratchDir();
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  pdflibAddPlaceholder({ pdfDoc: doc, reason: 'Ký ban hành', contactInfo: '', name: 'Văn thư', location: 'Tiên Du', signatureLength: 16384 });
  const signed = await signpdf.sign(Buffer.from(await doc.save({ useObjectStreams: false })), new OpensslSigner(dir, cert));
  return writeFiles(dir, { 'signed.pdf': signed })['signed.pdf'];
}

it('pdfsig asks our OCSP responder: trusted while good, revoked after revokeCertificate', async () => {
  const nss = makeNssDb(ca.rootCertPem);
  const cert = await issueCertificate(ca, { commonName: 'UBND huyện Tiên Du', organization: 'UBND huyện Tiên Du', seal: true });
  const file = await signedPdf(cert);

  const before = ocspHits;
  const good = await runAsync('pdfsig', ['-nssdir', `sql:${nss}`, file]);
  expect(good.stdout).toContain('Signature Validation: Signature is Valid.');
  expect(good.stdout).toContain('Certificate Validation: Certificate is Trusted.');
  expect(ocspHits).toBeGreaterThan(before);

  await revokeCertificate(ca, cert.serialHex, 'keyCompromise');
  const revoked = await runAsync('pdfsig', ['-nssdir', `sql:${nss}`, file]);
  expect(revoked.stdout).toContain('Signature Validation: Signature is Valid.');
  expect(revoked.stdout).toContain('Certificate Validation: Certificate has been Revoked.');
});
