/** Sealing off the event loop: the in-memory seal-and-verify task and a pool of worker threads running it. */
export { sealAndVerifyInMemory, type SealTask, type SealOutcome } from './seal-task';
export { createSealPool, sealWorkerScript, type SealPool } from './seal-pool';
