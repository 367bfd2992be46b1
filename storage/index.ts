export type { BlobInfo, BlobStore, ListedBlob, PutOptions } from './blob-store';
export { StorageError, isStorageError, type StorageErrorCode } from './errors';
export { isBlobKey } from './blob-key';
export { readBlob } from './read-blob';
export { createLocalBlobStore, type LocalBlobStoreOptions } from './local-blob-store';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store';
export { parseS3Endpoint, type S3Endpoint } from './s3-endpoint';
