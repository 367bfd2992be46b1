import { publicKeyOf } from './algorithms';
import { Cert } from './certificates';
import { SignatureError } from './report';

const SHA1 = '1.3.14.3.2.26';
const MD5 = '1.2.840.113549.2.5';
/** Certificate/CMS signature algorithms built on SHA-1 or MD5. */
const WEAK_SIGNATURES = new Set(['1.2.840.113549.1.1.4', '1.2.840.113549.1.1.5', '1.2.840.10045.4.1', '1.2.840.10040.4.3']);
export const MIN_RSA_BITS = 2048;
const MIN_EC_BITS = 256;

/** Key size in bits of a certificate's public key (RSA modulus or EC curve), or null when unknown. */
export function keyBits(cert: Cert): { type: string; bits: number | null } {
  const key = publicKeyOf(cert.pkijs);
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return { type: 'rsa', bits: d.modulusLength ?? null };
  if (key.asymmetricKeyType === 'ec') {
    const curve = d.namedCurve ?? '';
    const bits = /(\d{3})/.exec(curve)?.[1];
    return { type: 'ec', bits: bits ? Number(bits) : null };
  }
  return { type: key.asymmetricKeyType ?? 'unknown', bits: null };
}

/**
 * Algorithms too weak to rely on (ETSI TS 119 312): SHA-1/MD5 digests and signatures, RSA keys
 * below 2048 bits, EC keys below 256 bits. Each makes the signature at least indeterminate.
 */
export function weakAlgorithms(input: { digestOid?: string; signatureOid?: string; signer: Cert | null; path: Cert[] }): SignatureError[] {
  const out: SignatureError[] = [];
  if (input.digestOid === SHA1 || input.digestOid === MD5) {
    out.push({ code: 'WEAK_DIGEST_ALGORITHM', message: 'Chữ ký dùng thuật toán băm yếu (SHA-1/MD5), không còn đủ an toàn.' });
  }
  if (input.signatureOid && WEAK_SIGNATURES.has(input.signatureOid)) {
    out.push({ code: 'WEAK_SIGNATURE_ALGORITHM', message: 'Chữ ký dùng thuật toán ký với hàm băm yếu (SHA-1/MD5).' });
  }
  if (input.signer) {
    const k = keyBits(input.signer);
    if ((k.type === 'rsa' && (k.bits ?? 0) < MIN_RSA_BITS) || (k.type === 'ec' && k.bits !== null && k.bits < MIN_EC_BITS)) {
      out.push({ code: 'WEAK_KEY', message: `Khoá của người ký quá ngắn (${k.type.toUpperCase()} ${k.bits ?? '?'} bit; tối thiểu RSA ${MIN_RSA_BITS} bit).` });
    }
  }
  // Certificates below the anchor: a SHA-1 signature on one lets a collision forge it.
  for (const c of input.path.slice(0, -1)) {
    if (WEAK_SIGNATURES.has(c.pkijs.signatureAlgorithm.algorithmId)) {
      out.push({ code: 'WEAK_CERTIFICATE_ALGORITHM', message: 'Chứng thư số trong đường dẫn được ký bằng thuật toán băm yếu (SHA-1/MD5).' });
      break;
    }
  }
  return out;
}
