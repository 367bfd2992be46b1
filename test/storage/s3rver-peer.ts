import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The subset of s3rver's API used here; s3rver ships no type declarations. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  resetOnClose?: boolean;
}) => S3rverInstance;

export interface S3Peer {
  /** e.g. `http://127.0.0.1:41234`, the form of the `S3_ENDPOINT` setting. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** A fresh bucket name; it does not exist yet (the store is expected to create it). */
  bucket: string;
  /** s3rver's data directory: objects live at `<directory>/<bucket>/<key>._S3rver_object`. */
  directory: string;
  stop(): Promise<void>;
}

/** Starts an in-process s3rver on 127.0.0.1 with a random port and a private temp directory. */
export async function startS3Peer(): Promise<S3Peer> {
  const S3rver = require('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 'vanban-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    // s3rver's built-in account.
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    bucket: `vanban-test-${randomBytes(4).toString('hex')}`,
    directory,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
