import { readFileSync } from 'fs';
import * as fontkit from '@pdf-lib/fontkit';

/**
 * Tinos (metric-compatible with Times New Roman) as shipped by @fontsource: split into
 * unicode-range subsets, so a Vietnamese line needs glyphs from several files. Using the npm
 * package keeps signing working right after `npm ci`, without system fonts.
 */
const SUBSETS = ['latin', 'vietnamese', 'latin-ext'] as const;

export type FontFace = fontkit.Font;

let cached: FontFace[] | undefined;

/** The subset faces in lookup order (cached: parsing a WOFF costs a few ms). */
export function tinosFaces(): FontFace[] {
  if (!cached) {
    cached = SUBSETS.map((s) =>
      fontkit.create(readFileSync(require.resolve(`@fontsource/tinos/files/tinos-${s}-400-normal.woff`))),
    );
  }
  return cached;
}
