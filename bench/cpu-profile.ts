import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

/**
 * `--cpu-profile`: a V8 sampling profile of this process's main thread around one bench phase,
 * written as a .cpuprofile (open it in Chrome DevTools or speedscope) with a short summary printed:
 * where self time goes (by module and by function) and the inclusive time of our own functions
 * (dist/server, dist/signing), so the next person sees what to cut first.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export class CpuProfile {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<CpuProfile> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    // 250 µs: finer than the default 1 ms, still a small cost next to a document's ~80 ms.
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    return new CpuProfile(session);
  }

  /** Stops, writes the profile under the OS temp dir and returns its path and the profile. */
  async stop(name: string): Promise<{ file: string; profile: Profile }> {
    const { profile } = (await this.session.post('Profiler.stop')) as unknown as { profile: Profile };
    await this.session.post('Profiler.disable');
    this.session.disconnect();
    const file = path.join(os.tmpdir(), `${name}-${process.pid}-${Date.now()}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    return { file, profile };
  }
}

/** `node_modules/pkijs`, `dist/signing/verify`, `node:internal/...`, or `(native)` / `(program)`. */
function moduleOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return `node_modules/${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return path.dirname(url.slice(dist + 1));
  return url.startsWith('node:') ? url.split('/').slice(0, 2).join('/') : url;
}

const ours = (frame: CallFrame): boolean => /\/dist\/(server|signing|storage)\//.test(frame.url);

function label(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const dist = url.lastIndexOf('/dist/');
  const where = dist >= 0 ? url.slice(dist + 1) : url.replace(/^.*node_modules\//, '');
  return `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`.trim();
}

/** Prints self time by module and function, and inclusive time of our own functions, per `units` (documents). */
export function summarizeProfile(profile: Profile, units: number, unitName: string, top = 15): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfByModule = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveOurs = new Map<string, number>();
  const underOurs = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time is the gap to the next one (V8's own convention in DevTools).
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i])!;
    total += us;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    add(selfByModule, moduleOf(node.callFrame), us);
    add(selfByFunction, label(node.callFrame), us);
    const seen = new Set<string>();
    let nearest: string | null = null;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!ours(frame)) continue;
      const l = label(frame);
      nearest ??= l;
      if (seen.has(l)) continue; // recursion counts once per sample
      seen.add(l);
      add(inclusiveOurs, l, us);
    }
    // Library and runtime time (knex, pg, zlib, crypto) charged to the own function that called it.
    add(underOurs, nearest ?? `(no own frame) ${moduleOf(node.callFrame)}`, us);
  }
  const busy = total - idle;
  const ms = (us: number) => (us / 1000 / units).toFixed(2).padStart(8);
  const share = (us: number) => `${((100 * us) / Math.max(1, busy)).toFixed(0)}%`.padStart(5);
  const table = (title: string, m: Map<string, number>) => {
    console.log(`${title.padEnd(78)}${`ms/${unitName}`.padStart(8)}${'busy'.padStart(5)}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${k.slice(0, 76).padEnd(76)}${ms(v)}${share(v)}`);
  };
  console.log(`\n-- CPU profile of the main thread (${units} ${unitName}s): busy ${(busy / 1000 / units).toFixed(1)} ms/${unitName}, idle ${(idle / 1000 / units).toFixed(1)} ms/${unitName}`);
  table('self time by module', selfByModule);
  table('self time by function', selfByFunction);
  table('inclusive time, our functions (dist/server, dist/signing, dist/storage)', inclusiveOurs);
  table('self time charged to the nearest own caller (async stacks stop at an await)', underOurs);
}
