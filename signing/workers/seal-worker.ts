import { parentPort } from 'node:worker_threads';
import { sealAndVerifyInMemory, type SealTask } from './seal-task';

/** Worker thread entry (seal-pool.ts): runs each seal task it is sent and answers with the task's id. */
interface Request {
  id: number;
  task: SealTask;
}

parentPort?.on('message', async ({ id, task }: Request) => {
  try {
    const outcome = await sealAndVerifyInMemory(task);
    // Copied across (a Buffer may be a slice of a shared pool, which cannot be transferred): cheap next to the sealing.
    parentPort!.postMessage({ id, ok: true, sealed: outcome.sealed, report: outcome.report, filledFields: outcome.filledFields });
  } catch (e) {
    const err = e as Error & { code?: string; detail?: string };
    parentPort!.postMessage({ id, ok: false, error: { name: err.name, message: err.message, code: err.code, detail: err.detail } });
  }
});
