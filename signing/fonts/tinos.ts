import { readFileSync } from 'fs';
import { deflateSync } from 'zlib';
import { readTrueType, TrueTypeFace } from './truetype';

/**
 * Tinos (metric-compatible with Times New Roman) as shipped by @fontsource: split into
 * unicode-range subsets, so a Vietnamese line needs glyphs from several files. Using the npm
 * package keeps signing working right after `npm ci`, without system fonts.
 */
const SUBSETS = ['latin', 'vietnamese', 'latin-ext'] as const;

export type FontFace = TrueTypeFace & {
  subset: string;
  /** The face file deflated for /FontFile2: the same bytes in every signature that embeds the face, so compressed once. */
  fontFile: Buffer;
};

let cached: FontFace[] | undefined;

/** The subset faces in lookup order (cached per process). */
export function tinosFaces(): FontFace[] {
  if (!cached) {
    cached = SUBSETS.map((s) => {
      const face = readTrueType(readFileSync(require.resolve(`@fontsource/tinos/files/tinos-${s}-400-normal.woff`)));
      return { ...face, subset: s, fontFile: deflateSync(face.sfnt) };
    });
  }
  return cached;
}
