/**
 * Turns what a user types into a PostgreSQL tsquery for the `vanban_vi` configuration:
 * words must all match (`cong van`), `"quoted words"` and symbols (`12/UBND-VX`) are phrases,
 * `word*` is a prefix, `-word` excludes. Only letters and digits reach the tsquery text, so no
 * input can inject tsquery syntax; diacritics are folded by the configuration (unaccent).
 */
const WORD = /[\p{L}\p{N}]+/gu;

const words = (text: string): string[] => text.normalize('NFC').match(WORD) ?? [];

export function toTsQuery(input: string): string | null {
  const parts: string[] = [];
  const add = (raw: string, negate: boolean) => {
    const prefix = raw.endsWith('*');
    const tokens = words(raw);
    if (tokens.length === 0) return;
    const phrase = tokens.map((t, i) => (prefix && i === tokens.length - 1 ? `${t}:*` : t)).join(' <-> ');
    const term = tokens.length > 1 ? `(${phrase})` : phrase;
    parts.push(negate ? `!${term}` : term);
  };
  const rest = input.replace(/(-?)"([^"]*)"?/g, (_m, neg: string, phrase: string) => {
    add(phrase, neg === '-');
    return ' ';
  });
  for (const chunk of rest.split(/\s+/)) {
    if (!chunk) continue;
    const negate = chunk.startsWith('-') && chunk.length > 1;
    add(negate ? chunk.slice(1) : chunk, negate);
  }
  // A query of exclusions alone would match nearly everything: require something positive.
  if (!parts.some((p) => !p.startsWith('!'))) return null;
  return parts.join(' & ');
}
