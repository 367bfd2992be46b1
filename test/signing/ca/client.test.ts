import { createHash } from 'crypto';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import {
  buildOcspRequest,
  createCrl,
  fetchCrl,
  fetchOcsp,
  requestTimestamp,
  respondOcsp,
  respondTimestamp,
  CaError,
} from '../../../signing/ca';
import { toPem } from '../../../signing/crypto/der';
import { demoPki, scratchDir, type DemoPki } from './fixtures';
import { run, writeFiles } from './tools';

let pki: DemoPki;
let server: Server;
let base: string;
let dir: string;
/** What the next TSA reply looks like, to exercise the client's checks. */
let tsaMode: 'normal' | 'http500' | 'garbage' | 'replay' = 'normal';
let lastReply: Buffer | undefined;

function body(req: import('http').IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

beforeAll(async () => {
  pki = await demoPki();
  dir = scratchDir();
  server = createServer(async (req, res) => {
    const input = await body(req);
    if (req.url === '/tsa') {
      if (tsaMode === 'http500') return res.writeHead(500).end();
      if (tsaMode === 'garbage') return res.writeHead(200).end('hello');
      const reply = tsaMode === 'replay' && lastReply ? lastReply : await respondTimestamp(pki.ca, input);
      lastReply = reply;
      return res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(reply);
    }
    if (req.url === '/ocsp') return res.writeHead(200).end(await respondOcsp(pki.ca, input));
    if (req.url === '/crl/sub.crl') return res.writeHead(200).end(createCrl(pki.ca, 'sub'));
    if (req.url === '/crl/sub.pem') return res.writeHead(200).end(toPem(createCrl(pki.ca, 'sub'), 'X509 CRL'));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  tsaMode = 'normal';
});

/** A port nobody listens on: bind one, close it, use it. */
async function deadUrl(path: string): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}${path}`;
}

describe('requestTimestamp', () => {
  const content = Buffer.from('Quyết định số 45/QĐ-UBND');
  const digest = createHash('sha256').update(content).digest();

  it('returns a token that openssl ts -verify accepts for the digest', async () => {
    const token = await requestTimestamp(`${base}/tsa`, digest);
    const x = writeFiles(dir, {
      'tok.der': token,
      'root.pem': pki.ca.root.certPem,
      'untrusted.pem': pki.ca.tsa.certPem + pki.ca.sub.certPem,
    });
    const r = run('openssl', ['ts', '-verify', '-in', x['tok.der'], '-token_in', '-digest', digest.toString('hex'), '-CAfile', x['root.pem'], '-untrusted', x['untrusted.pem']]);
    expect(r.stdout.trim()).toBe('Verification: OK');
    const other = createHash('sha256').update('khác').digest('hex');
    const bad = run('openssl', ['ts', '-verify', '-in', x['tok.der'], '-token_in', '-digest', other, '-CAfile', x['root.pem'], '-untrusted', x['untrusted.pem']]);
    expect(bad.stdout.trim()).not.toBe('Verification: OK');
  });

  it('throws TSA_UNAVAILABLE when offline, on HTTP errors and on garbage', async () => {
    await expect(requestTimestamp(await deadUrl('/tsa'), digest)).rejects.toMatchObject({ code: 'TSA_UNAVAILABLE' });
    tsaMode = 'http500';
    await expect(requestTimestamp(`${base}/tsa`, digest)).rejects.toMatchObject({ code: 'TSA_UNAVAILABLE' });
    tsaMode = 'garbage';
    await expect(requestTimestamp(`${base}/tsa`, digest)).rejects.toMatchObject({ code: 'TSA_UNAVAILABLE' });
  });

  it('throws TSA_REJECTED when the TSA refuses (foreign policy) or replays an old reply', async () => {
    const refused = requestTimestamp(`${base}/tsa`, digest, { policy: '1.2.3.4' });
    await expect(refused).rejects.toBeInstanceOf(CaError);
    await expect(refused).rejects.toMatchObject({ code: 'TSA_REJECTED', message: expect.stringContaining('từ chối') });
    await requestTimestamp(`${base}/tsa`, digest);
    tsaMode = 'replay'; // same digest, but the nonce of the previous request
    await expect(requestTimestamp(`${base}/tsa`, digest)).rejects.toMatchObject({ code: 'TSA_REJECTED', detail: 'nonce not echoed' });
  });

  it('refuses a digest of no known length', async () => {
    await expect(requestTimestamp(`${base}/tsa`, Buffer.alloc(20))).rejects.toMatchObject({ code: 'CA_BAD_INPUT' });
  });
});

describe('OCSP and CRL clients', () => {
  it('buildOcspRequest + fetchOcsp: openssl reads a good response that echoes our nonce', async () => {
    const { der, nonce } = buildOcspRequest(pki.leader.certPem, pki.ca.sub.certPem);
    const resp = await fetchOcsp(`${base}/ocsp`, der);
    const x = writeFiles(dir, { 'c.resp': resp, 'root.pem': pki.ca.root.certPem, 'sub.pem': pki.ca.sub.certPem, 'leader.pem': pki.leader.certPem });
    const r = run('openssl', ['ocsp', '-respin', x['c.resp'], '-no_nonce', '-CAfile', x['root.pem'], '-issuer', x['sub.pem'], '-cert', x['leader.pem'], '-resp_text']);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/leader\.pem: good/);
    expect(r.stdout).toContain(`0410${nonce!.toString('hex').toUpperCase()}`);
  });

  it('fetchOcsp throws OCSP_UNAVAILABLE offline', async () => {
    const { der } = buildOcspRequest(pki.leader.certDer, pki.ca.sub.certDer);
    await expect(fetchOcsp(await deadUrl('/ocsp'), der)).rejects.toMatchObject({ code: 'OCSP_UNAVAILABLE' });
  });

  it('fetchCrl returns DER for DER and PEM publications, CRL_UNAVAILABLE offline or on 404', async () => {
    for (const path of ['/crl/sub.crl', '/crl/sub.pem']) {
      const der = await fetchCrl(`${base}${path}`);
      const x = writeFiles(dir, { 'f.crl': der, 'sub.pem': pki.ca.sub.certPem });
      expect(run('openssl', ['crl', '-inform', 'DER', '-in', x['f.crl'], '-CAfile', x['sub.pem'], '-noout']).stderr).toContain('verify OK');
    }
    await expect(fetchCrl(await deadUrl('/crl/sub.crl'))).rejects.toMatchObject({ code: 'CRL_UNAVAILABLE' });
    await expect(fetchCrl(`${base}/nothing`)).rejects.toMatchObject({ code: 'CRL_UNAVAILABLE' });
  });
});
