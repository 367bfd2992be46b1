/**
 * `npm run bench`: every performance goal measured against a peer in the same run, printed as ratios.
 * `npm run bench -- signing` (or realtime, workflow, cli, issue) runs one; flags such as `--profile`
 * are handed to it (`npm run bench -- issue --profile`, `--cpu-profile` for a V8 profile of its throughput phase).
 * `npm run bench -- signing` (or realtime, workflow, cli, exchange) runs one.
 */
type Bench = (flags: string[]) => Promise<void>;

const benches: Record<string, () => Promise<Bench>> = {
  cli: async () => (await import('./cli-startup-bench')).runCliStartupBench,
  signing: async () => (await import('./signing-bench')).runSigningBench,
  workflow: async () => (await import('./workflow-bench')).runWorkflowBench,
  realtime: async () => (await import('./realtime-bench')).runRealtimeBench,
  issue: async () => (await import('./issue-bench')).runIssueBench,
  search: async () => (await import('./search-bench')).runSearchBench,
  exchange: async () => (await import('./exchange-bench')).runExchangeBench,
  seal: async () => (await import('./seal-bench')).runSealBench,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = args.filter((a) => a.startsWith('--'));
  const wanted = args.filter((a) => !a.startsWith('--'));
  const names = wanted.length ? wanted : Object.keys(benches);
  for (const name of names) {
    const load = benches[name];
    if (!load) throw new Error(`unknown bench ${name}; choose from ${Object.keys(benches).join(', ')}`);
    await (await load())(flags);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

// A module, not a global script: keeps `main` out of the global scope.
export {};
