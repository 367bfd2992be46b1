import { inflateSync, deflateSync } from 'zlib';
import { SignError } from './errors';

export interface DecodedPng {
  width: number;
  height: number;
  /** Colour samples, 8-bit, `channels` per pixel, deflated for a PDF image XObject. */
  colorDeflated: Buffer;
  channels: 1 | 3;
  /** 8-bit alpha plane, deflated; absent for opaque images. */
  alphaDeflated?: Buffer;
  /** Physical size from pHYs when the PNG declares it in metres. */
  dpiX?: number;
  dpiY?: number;
}

const bad = (detail: string): SignError => new SignError('SIGN_BAD_IMAGE', 'Ảnh chữ ký/con dấu không phải tệp PNG hợp lệ.', detail);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Largest image decoded: 40 megapixels (a seal scanned at 1200 dpi is far below). */
export const MAX_PNG_PIXELS = 40_000_000;

/**
 * Decodes the PNG fully, as signing will, with the stricter limits given: an upload is checked
 * by this, so an image that was accepted cannot fail later at signing.
 */
export function checkPng(png: Buffer, maxPixels = MAX_PNG_PIXELS): { width: number; height: number } {
  const d = decodePng(png, maxPixels);
  return { width: d.width, height: d.height };
}

/** Decodes a (non-interlaced) PNG and splits colour from alpha as PDF wants them. */
export function decodePng(png: Buffer, maxPixels = MAX_PNG_PIXELS): DecodedPng {
  if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47 || png.readUInt32BE(4) !== 0x0d0a1a0a) throw bad('not a PNG');
  let pos = 8;
  let width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
  let palette: Buffer | undefined;
  let trns: Buffer | undefined;
  let dpiX: number | undefined, dpiY: number | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  let first = true;
  while (pos + 8 <= png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (data.length !== len || pos + 12 + len > png.length) throw bad('truncated chunk');
    if (crc32(png.subarray(pos + 4, pos + 8 + len)) !== png.readUInt32BE(pos + 8 + len)) throw bad(`CRC mismatch in ${type}`);
    if (first && (type !== 'IHDR' || len !== 13)) throw bad('IHDR must come first');
    first = false;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8];
      colorType = data[9];
      interlace = data[12];
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'pHYs' && data[8] === 1) {
      dpiX = data.readUInt32BE(0) * 0.0254;
      dpiY = data.readUInt32BE(4) * 0.0254;
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + len;
  }
  if (!ended) throw bad('no IEND: file truncated');
  if (!idat.length) throw bad('no image data');
  if (!width || !height || width * height > maxPixels) throw bad('bad dimensions');
  if (depth !== 8) throw bad(`bit depth ${depth} not supported (use 8-bit PNG)`);
  if (interlace) throw bad('interlaced PNG not supported');
  const spp = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!spp) throw bad(`colour type ${colorType}`);
  const stride = width * spp;
  let raw: Buffer;
  try {
    // Bounded: a few kilobytes must not inflate to gigabytes.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: height * (stride + 1) });
  } catch (e) {
    throw bad(`inflate: ${(e as Error).message}`);
  }
  if (raw.length < height * (stride + 1)) throw bad('image data too short');
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= spp ? cur[i - spp] : 0;
      const b = prev[i];
      const c = i >= spp ? prev[i - spp] : 0;
      let v = src[i];
      if (type === 1) v += a;
      else if (type === 2) v += b;
      else if (type === 3) v += (a + b) >> 1;
      else if (type === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (type !== 0) throw bad(`filter ${type}`);
      cur[i] = v & 0xff;
    }
  }
  const n = width * height;
  const gray = colorType === 0 || colorType === 4;
  const channels: 1 | 3 = gray ? 1 : 3;
  const color = Buffer.alloc(n * channels);
  const alpha = Buffer.alloc(n, 255);
  let hasAlpha = false;
  for (let i = 0; i < n; i++) {
    if (colorType === 3) {
      const idx = px[i];
      if (!palette || idx * 3 + 2 >= palette.length) throw bad('palette index');
      palette.copy(color, i * 3, idx * 3, idx * 3 + 3);
      if (trns && idx < trns.length) alpha[i] = trns[idx];
    } else if (colorType === 2 || colorType === 6) {
      px.copy(color, i * 3, i * spp, i * spp + 3);
      if (colorType === 6) alpha[i] = px[i * spp + 3];
    } else {
      color[i] = px[i * spp];
      if (colorType === 4) alpha[i] = px[i * spp + 1];
    }
    if (alpha[i] !== 255) hasAlpha = true;
  }
  return {
    width,
    height,
    channels,
    colorDeflated: deflateSync(color),
    alphaDeflated: hasAlpha ? deflateSync(alpha) : undefined,
    dpiX,
    dpiY,
  };
}
