import { inflateSync, constants as zc } from 'zlib';
import { malformed, unsupported, PdfError } from './errors';
import { PdfDict, PdfName, PdfObject } from './objects';

/** Decoded streams the reader handles (content, xref, object streams) are small; cap them. */
export const MAX_DECODED = 64 * 1024 * 1024;

function inflate(data: Buffer, maxOut: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: maxOut, finishFlush: zc.Z_SYNC_FLUSH });
  } catch (e) {
    const msg = (e as Error).message;
    if (/maxOutputLength|buffer/i.test(msg)) throw new PdfError('PDF_TOO_LARGE', 'Luồng dữ liệu trong PDF quá lớn.', msg);
    throw malformed(`flate: ${msg}`);
  }
}

function unpredict(data: Buffer, parms: PdfDict | undefined): Buffer {
  const predictor = parms?.number('Predictor') ?? 1;
  if (predictor === 1) return data;
  if (predictor === 2) throw unsupported('TIFF predictor');
  const colors = parms?.number('Colors') ?? 1;
  const bpc = parms?.number('BitsPerComponent') ?? 8;
  const columns = parms?.number('Columns') ?? 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (rowLen <= 0 || rowLen > 1 << 24) throw malformed('bad predictor columns');
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0;
      const up = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v = src[i];
      switch (type) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += up; break;
        case 3: v += (a + up) >> 1; break;
        case 4: {
          const p = a + up - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
          break;
        }
        default: throw malformed(`bad PNG predictor row type ${type}`);
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}

/** Applies the stream's /Filter chain. Only filters needed for structural streams are supported. */
export function decodeStreamData(dict: PdfDict, raw: Buffer, maxOut = MAX_DECODED): Buffer {
  const f = dict.get('Filter');
  const filters: PdfObject[] = f === undefined || f === null ? [] : Array.isArray(f) ? f : [f];
  const p = dict.get('DecodeParms');
  const parmsList: PdfObject[] = Array.isArray(p) ? p : [p ?? null];
  let data = raw;
  filters.forEach((flt, i) => {
    if (!(flt instanceof PdfName)) throw malformed('filter is not a name');
    const parms = parmsList[i] instanceof PdfDict ? (parmsList[i] as PdfDict) : undefined;
    switch (flt.value) {
      case 'FlateDecode':
      case 'Fl':
        data = unpredict(inflate(data, maxOut), parms);
        break;
      case 'ASCIIHexDecode':
      case 'AHx': {
        const s = data.toString('latin1');
        const end = s.indexOf('>');
        let hex = (end >= 0 ? s.slice(0, end) : s).replace(/[^0-9a-fA-F]/g, '');
        if (hex.length % 2) hex += '0';
        data = Buffer.from(hex, 'hex');
        break;
      }
      default:
        throw unsupported(`filter ${flt.value}`);
    }
  });
  return data;
}
