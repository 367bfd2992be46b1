import { channel } from 'node:diagnostics_channel';

/**
 * Where a request's time goes, for `npm run bench -- issue --profile`. Publishing costs one boolean
 * check unless something subscribes to the channel, so the timers stay in production code.
 */
export const PHASE_CHANNEL = 'vanban:phase';

export interface PhaseSample {
  phase: string;
  ms: number;
}

const phases = channel(PHASE_CHANNEL);

export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  if (!phases.hasSubscribers) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases.publish({ phase, ms: performance.now() - started } satisfies PhaseSample);
  }
}

export function timedSync<T>(phase: string, work: () => T): T {
  if (!phases.hasSubscribers) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    phases.publish({ phase, ms: performance.now() - started } satisfies PhaseSample);
  }
}

/** The same object with the named async methods timed as the given phases. */
export function withPhaseTiming<T extends object>(target: T, methods: Partial<Record<keyof T, string>>): T {
  const wrapped = { ...target };
  for (const [name, phase] of Object.entries(methods) as [keyof T, string][]) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    wrapped[name] = ((...args: unknown[]) => timed(phase, () => (original as (...a: unknown[]) => Promise<unknown>).apply(target, args))) as T[keyof T];
  }
  return wrapped;
}
