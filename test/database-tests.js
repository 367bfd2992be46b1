#!/usr/bin/env node
// Lists the test files whose outcome can depend on the database engine: those that read
// TEST_DATABASE_URL themselves or through any test file they import (test helpers, fixtures),
// followed transitively. CI runs every test on the embedded database and these again on
// PostgreSQL; the rest (signing, storage, pure client and domain functions) never open a database.
// `--others` lists the complement instead, so both lists can be checked to cover every file.
// `--embedded` lists the database tests that name the embedded engine (`@embedded-engine: why` in a
// comment): CI runs every file once on PostgreSQL and these again on PGlite, where the engine differs
// (one connection, the WebAssembly build's extensions, a data folder on disk, timestamp precision).
const fs = require('node:fs');
const path = require('node:path');

const testRoot = __dirname;
const MARKER = 'TEST_DATABASE_URL';

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(full);
    return /\.test\.ts$/.test(e.name) ? [full] : [];
  });
}

function resolveImport(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const memo = new Map();
/** True when the file, or a test-tree file it imports (transitively), names the marker. */
function touchesDatabase(file, visiting = new Set()) {
  if (memo.has(file)) return memo.get(file);
  if (visiting.has(file)) return false;
  visiting.add(file);
  const source = fs.readFileSync(file, 'utf8');
  let result = source.includes(MARKER);
  if (!result) {
    for (const m of source.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolveImport(file, m[1]);
      // Only the test tree decides: product code never reads TEST_DATABASE_URL (checked below).
      if (target && target.startsWith(testRoot + path.sep) && touchesDatabase(target, visiting)) {
        result = true;
        break;
      }
    }
  }
  memo.set(file, result);
  return result;
}

// The selection is only sound while product code never reads the marker: refuse to guess otherwise.
function sources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'dist'].includes(e.name) ? [] : sources(full);
    return /\.(ts|tsx|js|mts|cjs)$/.test(e.name) ? [full] : [];
  });
}
const product = ['server', 'signing', 'storage', 'client', 'bench'].flatMap((d) => sources(path.join(testRoot, '..', d)));
const leaking = product.filter((f) => fs.readFileSync(f, 'utf8').includes(MARKER));
if (leaking.length > 0) {
  process.stderr.write(`database-tests: product code reads ${MARKER} (${leaking.join(', ')}); every test must run on both databases\n`);
  process.exit(1);
}

const files = walk(testRoot).sort();
const others = process.argv.includes('--others');
const embedded = process.argv.includes('--embedded');
const EMBEDDED_MARKER = /@embedded-engine: \S/;
const chosen = embedded
  ? files.filter((f) => EMBEDDED_MARKER.test(fs.readFileSync(f, 'utf8')))
  : files.filter((f) => touchesDatabase(f) !== others);
const strays = chosen.filter((f) => embedded && !touchesDatabase(f));
if (strays.length > 0) {
  process.stderr.write(`database-tests: ${strays.join(', ')} name the embedded engine but open no database\n`);
  process.exit(1);
}
if (embedded && chosen.length === 0) {
  process.stderr.write('database-tests: no file names the embedded engine\n');
  process.exit(1);
}
process.stdout.write(chosen.map((f) => path.relative(process.cwd(), f)).join('\n') + '\n');
