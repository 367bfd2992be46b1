import { basicConstraints, Cert, extendedKeyUsage, isIssuedBy, isSelfIssued, keyUsage, KU, sameCert } from './certificates';
import { ChainStatus, SignatureError } from './report';

export type CertPurpose = 'signing' | 'timestamping';

export interface ChainResult {
  status: ChainStatus;
  /** Leaf first, trust anchor last (only when a path to an anchor was found). */
  path: Cert[];
  errors: SignatureError[];
}

const MAX_DEPTH = 12;
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

/**
 * Builds a path leaf → anchor from the certificates the CMS carried plus configured
 * intermediates (domain.md §9: PDFs often embed only the signer's certificate), then
 * checks validity at `time`, basic constraints and key usage.
 */
export function validateChain(leaf: Cert, pool: Cert[], anchors: Cert[], time: Date, purpose: CertPurpose): ChainResult {
  const path = buildPath(leaf, pool, anchors);
  if (!path) {
    return {
      status: 'untrusted',
      path: [],
      errors: [{ code: 'CHAIN_UNTRUSTED', message: 'Không xây dựng được đường dẫn chứng thư số tới tổ chức cung cấp dịch vụ tin cậy đã cấu hình.' }],
    };
  }
  const errors: SignatureError[] = [];
  let invalid = false;
  let expired = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i].pkijs;
    const isLeaf = i === 0;
    if (time < c.notBefore.value || time > c.notAfter.value) {
      expired = true;
      errors.push({
        code: isLeaf ? 'CERT_EXPIRED' : 'CA_CERT_EXPIRED',
        message: `Chứng thư số "${subjectCn(path[i])}" không còn hiệu lực (hoặc chưa có hiệu lực) tại thời điểm ký.`,
      });
    }
    if (!isLeaf) {
      const bc = basicConstraints(path[i]);
      const ku = keyUsage(path[i]);
      // Anchors are trusted by configuration; intermediates must declare themselves CAs.
      const isAnchor = i === path.length - 1;
      if (!isAnchor && !bc?.ca) {
        invalid = true;
        errors.push({ code: 'CA_BASIC_CONSTRAINTS', message: `Chứng thư số "${subjectCn(path[i])}" không phải chứng thư của tổ chức cấp (CA).` });
      }
      if (ku && !ku.has(KU.keyCertSign)) {
        invalid = true;
        errors.push({ code: 'CA_KEY_USAGE', message: `Chứng thư số "${subjectCn(path[i])}" không được phép ký chứng thư số khác.` });
      }
      const below = path.slice(1, i).filter((x) => !isSelfIssued(x)).length;
      if (bc?.pathLen !== undefined && below > bc.pathLen) {
        invalid = true;
        errors.push({ code: 'CA_PATH_LENGTH', message: `Đường dẫn chứng thư vượt giới hạn độ dài của "${subjectCn(path[i])}".` });
      }
    }
  }
  const leafKu = keyUsage(leaf);
  if (purpose === 'signing' && leafKu && !leafKu.has(KU.digitalSignature) && !leafKu.has(KU.nonRepudiation)) {
    invalid = true;
    errors.push({ code: 'LEAF_KEY_USAGE', message: 'Chứng thư số của người ký không được phép dùng để ký số.' });
  }
  if (purpose === 'signing' && basicConstraints(leaf)?.ca && path.length > 1) {
    // A CA key signing documents is not forbidden by RFC 5280 but is never how officials sign.
    errors.push({ code: 'LEAF_IS_CA', message: 'Chứng thư số của người ký là chứng thư của tổ chức cấp (CA).' });
  }
  if (purpose === 'timestamping' && !(extendedKeyUsage(leaf) ?? []).includes(TIME_STAMPING)) {
    invalid = true;
    errors.push({ code: 'TSA_EKU', message: 'Chứng thư số của máy chủ cấp dấu thời gian không có mục đích cấp dấu thời gian.' });
  }
  return { status: invalid ? 'invalid' : expired ? 'expired' : 'trusted', path, errors };
}

function buildPath(leaf: Cert, pool: Cert[], anchors: Cert[]): Cert[] | null {
  const dfs = (cur: Cert, acc: Cert[]): Cert[] | null => {
    if (anchors.some((a) => sameCert(a, cur))) return acc;
    if (acc.length >= MAX_DEPTH) return null;
    // Anchors first: the shortest trusted path wins over a cross-certified detour.
    for (const a of anchors) if (isIssuedBy(cur, a)) return [...acc, a];
    for (const cand of pool) {
      if (acc.some((x) => sameCert(x, cand))) continue;
      if (!isIssuedBy(cur, cand)) continue;
      const found = dfs(cand, [...acc, cand]);
      if (found) return found;
    }
    return null;
  };
  return dfs(leaf, [leaf]);
}

function subjectCn(c: Cert): string {
  const tv = c.pkijs.subject.typesAndValues.find((t) => t.type === '2.5.4.3');
  const v = tv?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof v?.valueBlock?.value === 'string' ? v.valueBlock.value : '?';
}
