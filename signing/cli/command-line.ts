/**
 * The shared opening of the signing commands: parse the arguments, answer `--help`, and turn a
 * parse error into the usage text with exit code 2. Returns the parsed values, or an exit code.
 */
export function readCommandLine<T extends { values: { help?: boolean } }>(
  parse: () => T,
  usage: string,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): T | number {
  let parsed: T;
  try {
    parsed = parse();
  } catch (e) {
    err.write(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    out.write(usage);
    return 0;
  }
  return parsed;
}
