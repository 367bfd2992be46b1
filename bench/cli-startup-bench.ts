import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** `vanban --help` must start in well under half a second: compiled JS, lazy command modules. */
export async function runCliStartupBench(): Promise<void> {
  const cli = path.resolve(__dirname, '../server/cli/main.js');
  const times = (args: string[]) => {
    const samples: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  };
  const bare = times(['-e', '0']);
  const help = times([cli, '--help']);
  console.log('\n== CLI start-up (median of 10, whole process)');
  console.log(`node -e 0:            ${bare.toFixed(0)} ms`);
  console.log(`vanban --help:        ${help.toFixed(0)} ms  (${(help / bare).toFixed(2)}× a bare node start)`);
}
