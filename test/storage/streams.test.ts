import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { StorageError } from '../../storage';
import { bytesBeforeRange, createRangeWindow } from '../../storage/range-window';
import { connectSource, createLengthGuard, createVerifyingStream } from '../../storage/verifying-stream';
import { collect, patternBytes } from './fixtures';

const chunksOf = (...parts: string[]): Readable => Readable.from(parts.map((p) => Buffer.from(p)));
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('createVerifyingStream', () => {
  test('passes every byte through when the digest matches', async () => {
    const got = await collect(chunksOf('ab', 'cd', 'ef').pipe(createVerifyingStream(sha('abcdef'))));
    expect(got.error).toBeUndefined();
    expect(got.data.toString()).toBe('abcdef');
  });

  test('withholds the last chunk and fails when the digest differs', async () => {
    // A slow source lets the consumer take each chunk as soon as it is released.
    async function* slowly(): AsyncGenerator<Buffer> {
      for (const part of ['ab', 'cd', 'eX']) {
        yield Buffer.from(part);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const got = await collect(Readable.from(slowly()).pipe(createVerifyingStream(sha('abcdef'))));
    expect((got.error as StorageError).code).toBe('BLOB_CORRUPT');
    expect(got.data.toString()).toBe('abcd');
  });

  test('an empty stream verifies against the empty digest only', async () => {
    expect((await collect(chunksOf().pipe(createVerifyingStream(sha(''))))).error).toBeUndefined();
    expect((await collect(chunksOf().pipe(createVerifyingStream(sha('x'))))).error).toBeInstanceOf(StorageError);
  });
});

describe('createLengthGuard', () => {
  test.each([
    [['abc', 'de'], 5, undefined],
    [['abc'], 5, 'BLOB_CORRUPT'],
    [['abc', 'def'], 5, 'BLOB_CORRUPT'],
  ])('%p against %d', async (parts, expected, code) => {
    const got = await collect(chunksOf(...parts).pipe(createLengthGuard(expected)));
    expect((got.error as StorageError | undefined)?.code).toBe(code);
  });
});

describe('createRangeWindow', () => {
  const body = patternBytes(1000, 'window');
  test.each([
    [0, 1],
    [0, 1000],
    [999, 1],
    [100, 250],
  ])('skip %d, take %d from chunked input', async (skip, length) => {
    const source = Readable.from([body.subarray(0, 7), body.subarray(7, 500), body.subarray(500)]);
    const got = await collect(source.pipe(createRangeWindow(skip, length)));
    expect(got.error).toBeUndefined();
    expect(got.data.equals(body.subarray(skip, skip + length))).toBe(true);
  });

  test('a body too short for the window fails', async () => {
    const got = await collect(Readable.from([body.subarray(0, 100)]).pipe(createRangeWindow(50, 51)));
    expect((got.error as StorageError).code).toBe('BLOB_CORRUPT');
  });
});

describe('bytesBeforeRange', () => {
  const response = (statusCode: number, contentRange?: string): Readable =>
    Object.assign(Readable.from([]), { statusCode, headers: contentRange ? { 'content-range': contentRange } : {} });

  test('exact 206 answer', () => expect(bytesBeforeRange(response(206, 'bytes 10-19/100'), 10, 19)).toBe(0));
  test('widened 206 answer (s3rver with end 0)', () =>
    expect(bytesBeforeRange(response(206, 'bytes 0-99/100'), 0, 0)).toBe(0));
  test('range ignored (200)', () => expect(bytesBeforeRange(response(200), 42, 50)).toBe(42));
  test.each([
    [206, 'bytes 20-30/100'],
    [206, 'bytes 0-5/100'],
    [206, undefined],
  ])('unusable answer %d %p', (status, header) => {
    expect(() => bytesBeforeRange(response(status, header), 10, 19)).toThrow(StorageError);
  });
});

describe('connectSource', () => {
  test('maps source errors onto the returned stream', async () => {
    const source = new Readable({
      read(): void {
        this.destroy(new Error('ECONNRESET'));
      },
    });
    const got = await collect(
      connectSource(source, createLengthGuard(10), () => new StorageError('STORAGE_UNAVAILABLE')),
    );
    expect((got.error as StorageError).code).toBe('STORAGE_UNAVAILABLE');
  });

  test('destroying the returned stream destroys the source', async () => {
    const source = new Readable({ read(): void {} });
    const sink = connectSource(source, createLengthGuard(10), (e) => e as Error);
    sink.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });
});
