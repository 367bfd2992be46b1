import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { demoPki, scratchDir } from '../ca/fixtures';

const CLI = path.resolve(__dirname, '../../../dist/server/cli/main.js');

/** Starts a long-running command and resolves with its first printed URL. */
function startCommand(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve({ child, url: m[0] });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

describe('vanban remote-signer and vanban token-plugin (compiled CLI)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGTERM')));

  it('runs the remote-signing simulator from a PKCS#12: credentials, request, phone approval, signature', async () => {
    const pki = await demoPki();
    const p12 = path.join(scratchDir(), 'leader.p12');
    fs.writeFileSync(p12, pki.leader.toP12('p12-pass'));
    const { child, url } = await startCommand(['remote-signer', '--p12', p12, '--password', 'p12-pass', '--user', '027089000123', '--client-secret', 'bi-mat']);
    children.push(child);
    const auth = { authorization: `Basic ${Buffer.from('vanban:bi-mat').toString('base64')}` };
    expect((await fetch(`${url}/v1/credentials?user_id=027089000123`)).status).toBe(401);
    const { credentials } = await (await fetch(`${url}/v1/credentials?user_id=027089000123`, { headers: auth })).json();
    expect(credentials).toHaveLength(1);
    expect(credentials[0].certificate).toContain('BEGIN CERTIFICATE');
    const hash = Buffer.alloc(32, 7).toString('base64');
    const req = await (await fetch(`${url}/v1/signatures`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ credentialId: credentials[0].credentialId, userId: '027089000123', hash, hashAlgorithm: 'SHA-256', description: 'Thử' }) })).json();
    expect(req.status).toBe('pending');
    expect(await (await fetch(`${url}/phone/027089000123`)).text()).toContain('Yêu cầu ký số chờ xác nhận');
    expect((await fetch(`${url}/phone/transactions/${req.transactionId}/approve`, { method: 'POST' })).status).toBe(200);
    const done = await (await fetch(`${url}/v1/signatures/${req.transactionId}`, { headers: auth })).json();
    expect(done.status).toBe('approved');
    expect(Buffer.from(done.signature, 'base64').length).toBeGreaterThanOrEqual(256);
  });

  it('runs the token plugin for the allowed origin only, and explains its usage when arguments are missing', async () => {
    const pki = await demoPki();
    const p12 = path.join(scratchDir(), 'token.p12');
    fs.writeFileSync(p12, pki.leader.toP12('p12-pass'));
    const { child, url } = await startCommand(['token-plugin', '--p12', p12, '--password', 'p12-pass', '--origin', 'http://127.0.0.1:3000', '--port', '0']);
    children.push(child);
    expect((await fetch(`${url}/v1/info`, { headers: { origin: 'http://127.0.0.1:3000' } })).status).toBe(200);
    expect((await fetch(`${url}/v1/info`, { headers: { origin: 'http://127.0.0.1:4000' } })).status).toBe(403);
    const missing = spawn(process.execPath, [CLI, 'token-plugin'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    missing.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((r) => missing.on('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('Cách dùng: vanban token-plugin');
  });
});
