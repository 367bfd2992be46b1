import { PdfReader, PdfStream } from '../pdf';
import { Cert, certFromDer } from './certificates';

/** Validation data from the Document Security Store (ETSI EN 319 142-1 §5.4) of one revision. */
export interface DssData {
  certs: Cert[];
  crls: Buffer[];
  ocspResponses: Buffer[];
}

const MAX_ITEMS = 1000;
const MAX_ITEM_BYTES = 16 * 1024 * 1024;
/** Total validation data read from one DSS; a hostile file cannot make us read gigabytes. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export async function readDss(reader: PdfReader, revision: number): Promise<DssData | null> {
  const catalog = await reader.catalog({ revision });
  const dss = await reader.resolveDict(catalog.get('DSS'), { revision });
  if (!dss) return null;
  let budget = MAX_TOTAL_BYTES;
  const list = async (key: string): Promise<Buffer[]> => {
    const arr = await reader.resolve(dss.get(key), { revision });
    const out: Buffer[] = [];
    if (!Array.isArray(arr)) return out;
    for (const item of arr.slice(0, MAX_ITEMS)) {
      const s = await reader.resolve(item, { revision });
      if (!(s instanceof PdfStream)) continue;
      if (s.length > budget) break;
      const data = await reader.readStreamData(s, Math.min(MAX_ITEM_BYTES, budget));
      budget -= Math.max(s.length, data.length);
      out.push(data);
    }
    return out;
  };
  const certs: Cert[] = [];
  for (const der of await list('Certs')) {
    try {
      certs.push(certFromDer(der));
    } catch {
      /* an unreadable DSS certificate simply does not help build a path */
    }
  }
  return { certs, crls: await list('CRLs'), ocspResponses: await list('OCSPs') };
}

/** Index of the first revision (oldest first) whose catalog has a /DSS, or -1. */
export async function firstDssRevision(reader: PdfReader): Promise<number> {
  for (let r = 0; r < reader.revisions.length; r++) {
    const catalog = await reader.catalog({ revision: r });
    if (catalog.has('DSS')) return r;
  }
  return -1;
}
