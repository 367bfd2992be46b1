import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPair, type KeyPairPem, type KeySource } from '../../signing/ca';

/**
 * RSA-2048 key pairs made once per machine and reused by the test servers' demo CAs: a demo PKI
 * needs about twenty keys, and generating them took 3–10 s of every file that seeds one. Keys are
 * shared across test files (whose servers never meet), never within one: each server of a file takes
 * its own slice, so two systems in one test still have different roots and seals.
 */
const SLICE = 32;
const file = path.join(os.tmpdir(), 'vanban-test-rsa-keys-v1.json');
interface Stored { privateKeyPem: string; publicKeySpki: string }

let pool: KeyPairPem[] | null = null;
let slicesTaken = 0;

function readPool(): KeyPairPem[] {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as Stored[]).map((k) => ({ type: 'rsa', privateKeyPem: k.privateKeyPem, publicKeySpki: Buffer.from(k.publicKeySpki, 'base64') }));
  } catch {
    return [];
  }
}

/** Grows the stored pool to `size` keys (written aside and renamed: parallel workers never read half). */
function ensurePool(size: number): KeyPairPem[] {
  pool ??= readPool();
  if (pool.length >= size) return pool;
  while (pool.length < size) pool.push(generateKeyPair('rsa'));
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(partial, JSON.stringify(pool.map((k) => ({ privateKeyPem: k.privateKeyPem, publicKeySpki: k.publicKeySpki.toString('base64') }))));
  fs.renameSync(partial, file);
  return pool;
}

/** A key source for one server: its own slice of the pool, then fresh keys (ECDSA keys are cheap: always fresh). */
export function pooledKeySource(): KeySource {
  const start = slicesTaken++ * SLICE;
  let next = 0;
  return (type) => {
    if (type !== 'rsa' || next >= SLICE) return generateKeyPair(type);
    const keys = ensurePool(start + SLICE);
    return keys[start + next++];
  };
}
