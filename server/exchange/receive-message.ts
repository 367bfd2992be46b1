import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { readEdxml } from './edxml';
import { applyReceivedStatus } from './apply-status';
import type { ExchangeDeps } from './exchange-deps';
import { receivePackage } from './receive-package';

export interface Received {
  kind: 'package' | 'status';
  senderCode: string;
  edxmlDocumentId: string;
  documentIds: string[];
}

/** Reads a package or status from a stream and applies it; the decoded files are removed afterwards. */
export async function receiveMessage(deps: Pick<ExchangeDeps, 'blobs' | 'db' | 'limits' | 'publisher' | 'signing' | 'tmpDir'>, input: Readable | AsyncIterable<Buffer>, opts: { actor: Actor | null; onlyOrgId?: string; packagesOnly?: boolean }): Promise<Received> {
  const msg = await readEdxml(input, deps.tmpDir, deps.limits);
  try {
    if (msg.kind === 'status') {
      if (opts.packagesOnly) {
        throw new AppError('EXCHANGE_NOT_A_PACKAGE', 'Tệp là thông điệp trạng thái, không phải gói văn bản edXML');
      }
      await applyReceivedStatus(deps, msg.status);
      return { kind: 'status', senderCode: msg.status.from.organId, edxmlDocumentId: msg.status.responseFor.documentId, documentIds: [] };
    }
    const documentIds = await receivePackage(deps, msg, opts);
    return { kind: 'package', senderCode: msg.header.message.from.organId, edxmlDocumentId: msg.header.message.documentId, documentIds };
  } finally {
    fs.rmSync(msg.dir, { recursive: true, force: true });
  }
}
