/**
 * A json/jsonb value built in SQL (json_agg, jsonb_build_object): node-postgres parses it, PGlite's
 * raw results may hand it over as text. Only for objects and arrays (a JSON string would be re-parsed).
 */
export const jsonColumn = <T extends object>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
