import { spawn, spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as path from 'path';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real tool (openssl, certutil, vfychain) as an independent validator. */
export function run(cmd: string, args: string[], input?: Buffer | string): ToolResult {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    out[name] = path.join(dir, name);
    writeFileSync(out[name], content);
  }
  return out;
}

/** Like `run`, without blocking the event loop: needed when the tool calls back into a server in this process. */
export function runAsync(cmd: string, args: string[]): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
