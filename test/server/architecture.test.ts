import fs from 'node:fs';
import path from 'node:path';

// Fast tier: the layout rules of server/ (ARCHITECTURE.md), checked on the source text; no server started.
const root = path.resolve(__dirname, '../..');
const serverDir = path.join(root, 'server');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports and re-exports of a file, resolved to paths (type-only ones included: they are dependencies of the design). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

const domainOf = (file: string): string | null => {
  const rel = path.relative(serverDir, file);
  return rel.startsWith('..') || !rel.includes(path.sep) ? null : rel.split(path.sep)[0];
};

function domainGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(serverDir)) {
    const from = domainOf(file);
    if (!from) continue;
    for (const target of importsOf(file)) {
      const to = domainOf(target);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Strongly connected groups of domain folders (Tarjan): every group of two or more is an import cycle. */
export function domainCycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

const domainFolders = () =>
  fs
    .readdirSync(serverDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('server architecture', () => {
  it('finds cycles between domain folders (the checker itself)', () => {
    const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(domainCycles(g)).toEqual([['a', 'b', 'c']]);
    expect(domainCycles(new Map([['a', new Set(['b'])]]))).toEqual([]);
  });

  it('has no import cycles between domain folders', () => {
    expect(domainCycles(domainGraph())).toEqual([]);
  });

  it('keeps the API contract free of Node, database and HTTP imports (the web client bundles it)', () => {
    const contractDir = path.join(serverDir, 'contract');
    for (const file of sourceFiles(contractDir)) {
      const text = fs.readFileSync(file, 'utf8');
      const packages = [...text.matchAll(/from\s+['"]([^.'"][^'"]*)['"]/g)].map((m) => m[1]);
      expect({ file: path.basename(file), packages: packages.filter((p) => p !== 'zod') }).toEqual({ file: path.basename(file), packages: [] });
      for (const target of importsOf(file)) expect(path.relative(contractDir, target).startsWith('..') ? target : 'inside').toBe('inside');
    }
  });

  it('names every domain folder in server/ARCHITECTURE.md', () => {
    const map = fs.readFileSync(path.join(serverDir, 'ARCHITECTURE.md'), 'utf8');
    const missing = domainFolders().filter((d) => !map.includes(`\`${d}/\``));
    expect(missing).toEqual([]);
  });
});
