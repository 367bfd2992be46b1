import type { BlobStore } from '../../storage';
import type { TransactionDeps } from '../shared/unit-of-work';
import type { DocumentSigning } from './document-signing';

/** What certificate and image uploads need (the composition root hands in the workflow's deps, a superset). */
export interface SigningKeyDeps extends TransactionDeps {
  blobs: BlobStore;
  signing: DocumentSigning;
  now: () => Date;
  /** Seals the agencies' private keys at rest. */
  serverSecret: Buffer;
}
