import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerificationReport } from '../verify/report';
import { asBuffer, sealAndVerifyInMemory, type SealOutcome, type SealTask } from './seal-task';

/**
 * Sealing and verifying an issued document is pure CPU (about a third of an issue's); on the main thread it stalls
 * every other request meanwhile and leaves the machine's other cores to the database alone. A few worker threads
 * take it off the event loop. A worker that dies fails its own task only and is replaced.
 */
export interface SealPool {
  run(task: SealTask): Promise<SealOutcome>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; sealed: Uint8Array; report: VerificationReport; filledFields: string[] } | { id: number; ok: false; error: { name: string; message: string; code?: string; detail?: string } };

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (o: SealOutcome) => void; reject: (e: Error) => void }>;
}

/**
 * The compiled worker script: next to this module when running from `dist/`, else (tests run the TypeScript
 * sources) the build's copy. Null when neither exists: callers then seal in their own thread.
 */
export function sealWorkerScript(): string | null {
  const here = path.join(__dirname, 'seal-worker.js');
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, '../../dist/signing/workers/seal-worker.js');
  return fs.existsSync(built) ? built : null;
}

const MAX_STILLBORN = 3;

export function createSealPool(size: number, script: string): SealPool {
  let nextId = 1;
  let closed = false;
  // Workers that died before finishing any task, in a row: a broken script would otherwise respawn forever.
  let stillborn = 0;
  let broken = false;
  const slots: Slot[] = [];

  const spawn = (index: number): void => {
    const slot: Slot = { worker: new Worker(script, { name: 'vanban-seal' }), pending: new Map() };
    let finished = 0;
    slot.worker.on('message', (reply: Reply) => {
      finished += 1;
      stillborn = 0;
      const waiter = slot.pending.get(reply.id);
      if (!waiter) return;
      slot.pending.delete(reply.id);
      if (reply.ok) waiter.resolve({ sealed: asBuffer(reply.sealed), report: reply.report, filledFields: reply.filledFields });
      else waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    const fail = (err: Error) => {
      for (const waiter of slot.pending.values()) waiter.reject(err);
      slot.pending.clear();
      if (closed || slots[index] !== slot) return;
      if (finished === 0 && ++stillborn >= MAX_STILLBORN) broken = true;
      else spawn(index);
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`seal worker exited (${code})`)));
    // An idle pool must not keep the process alive.
    slot.worker.unref();
    slots[index] = slot;
  };
  for (let i = 0; i < size; i++) spawn(i);

  return {
    run(task) {
      if (closed || broken) return sealAndVerifyInMemory(task);
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<SealOutcome>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, task });
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
