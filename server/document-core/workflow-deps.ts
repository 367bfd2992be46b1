import type { BlobStore } from '../../storage';
import type { RememberedBlobs } from '../blobs/remembered-blobs';
import type { TransactionDeps } from '../shared/unit-of-work';
import type { DocumentSigning } from '../signing-keys/document-signing';
import type { AgencyKeyMemory } from '../signing-keys/unlock-key';

/** What the document workflow needs from the outside world, handed in by the composition root. */
export interface WorkflowDeps extends TransactionDeps {
  blobs: BlobStore;
  maxUploadBytes: number;
  signing: DocumentSigning;
  now: () => Date;
  /** Runs a document's queued deliveries now (they are jobs: any instance finishes them if this one dies). */
  runDeliveries: (documentId: string, jobCount?: number) => Promise<void>;
  /** How long a worker keeps a claimed job: work a request queues for itself (see finish-issue.ts) is due after it. */
  jobLeaseSeconds: number;
  /** Seals the agencies' private keys at rest. */
  serverSecret: Buffer;
  /** Agency keys opened in the last minutes (issues in a burst pay the key stretch once). */
  agencyKeys: AgencyKeyMemory;
  /** Seal and signature images, kept once read (every signing uses one). */
  images: RememberedBlobs;
}
