import { execFileSync, spawnSync } from 'child_process';

/**
 * Runs pdfsig against an NSS db; returns its output (it exits non-zero on invalid signatures).
 * `noOcsp`: for certificates whose AIA points at an OCSP responder that is not running in tests.
 */
export function pdfsig(file: string, nssDir: string, noOcsp = false): string {
  const r = spawnSync('pdfsig', [...(noOcsp ? ['-no-ocsp'] : []), '-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

export function expectAllValid(out: string, count: number): void {
  const valid = out.match(/Signature is Valid\./g) ?? [];
  const trusted = out.match(/Certificate is Trusted\./g) ?? [];
  if (valid.length !== count || trusted.length !== count) throw new Error(`pdfsig did not validate ${count} signatures:\n${out}`);
}

export function qpdfCheck(file: string): string {
  try {
    return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`qpdf --check failed (${err.status}):\n${err.stdout}${err.stderr}`);
  }
}
