/**
 * `npm run bench`: every performance goal measured against a peer in the same run, printed as ratios.
 * `npm run bench -- signing` (or realtime, workflow, cli, exchange) runs one.
 */
type Bench = () => Promise<void>;

const benches: Record<string, () => Promise<Bench>> = {
  cli: async () => (await import('./cli-startup-bench')).runCliStartupBench,
  signing: async () => (await import('./signing-bench')).runSigningBench,
  workflow: async () => (await import('./workflow-bench')).runWorkflowBench,
  realtime: async () => (await import('./realtime-bench')).runRealtimeBench,
  exchange: async () => (await import('./exchange-bench')).runExchangeBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(benches);
  for (const name of names) {
    const load = benches[name];
    if (!load) throw new Error(`unknown bench ${name}; choose from ${Object.keys(benches).join(', ')}`);
    await (await load())();
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
