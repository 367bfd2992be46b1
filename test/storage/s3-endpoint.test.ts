import { parseS3Endpoint, StorageError } from '../../storage';

describe('parseS3Endpoint', () => {
  test.each([
    ['http://127.0.0.1:9000', { endPoint: '127.0.0.1', port: 9000, useSSL: false }],
    ['https://s3.example.gov.vn', { endPoint: 's3.example.gov.vn', port: 443, useSSL: true }],
    ['http://minio', { endPoint: 'minio', port: 80, useSSL: false }],
    ['http://minio:9000/', { endPoint: 'minio', port: 9000, useSSL: false }],
    ['http://[::1]:9000', { endPoint: '::1', port: 9000, useSSL: false }],
  ])('%s', (url, expected) => {
    expect(parseS3Endpoint(url)).toEqual(expected);
  });

  test.each(['', '127.0.0.1:9000', 'ftp://host', 'http://host:9000/bucket', 'http://key:secret@host', 'http://host?x=1'])(
    'rejects %p',
    (url) => {
      let caught: unknown;
      try {
        parseS3Endpoint(url);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(StorageError);
      expect((caught as StorageError).code).toBe('STORAGE_CONFIG_INVALID');
    },
  );
});
