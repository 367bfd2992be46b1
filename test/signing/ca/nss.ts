import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { scratchDir } from './fixtures';

/**
 * An NSS database trusting `rootPem` as a CA for every usage; returns the directory
 * (callers pass `sql:<dir>` to certutil, or `-nssdir sql:<dir>` to pdfsig).
 */
export function makeNssDb(rootPem: string): string {
  const dir = scratchDir('vanban-nss-');
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`], { stdio: 'pipe' });
  const rootFile = path.join(dir, 'demo-root.pem');
  writeFileSync(rootFile, rootPem);
  execFileSync('certutil', ['-A', '-n', 'demo-root', '-t', 'CT,C,C', '-i', rootFile, '-d', `sql:${dir}`], { stdio: 'pipe' });
  return dir;
}
