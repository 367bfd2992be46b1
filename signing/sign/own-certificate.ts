import { certFromDer, keyUsage, KU } from '../verify/certificates';
import { checkRevocation, RevocationFetcher } from '../verify/revocation';
import { keyBits, MIN_RSA_BITS } from '../verify/weak-algorithms';
import { SignError } from './errors';

export interface OwnCertificateCheck {
  certDer: Buffer;
  /** Issuer first; needed to look revocation up. */
  chainDer: Buffer[];
  signingTime: Date;
  /** Where revocation can be checked (the certificate's CRL/OCSP URLs); null: not looked up. */
  revocationFetcher?: RevocationFetcher | null;
}

/**
 * What a verifier would hold against our own certificate, checked before anything is written:
 * validity at the signing time, a key usage that allows signing, key size, revocation.
 */
export async function checkOwnCertificate(c: OwnCertificateCheck): Promise<void> {
  let cert;
  try {
    cert = certFromDer(c.certDer);
  } catch (e) {
    throw new SignError('SIGN_BAD_KEY', 'Chứng thư số của người ký không đọc được.', (e as Error).message);
  }
  const v = cert.pkijs;
  const t = c.signingTime.getTime();
  if (t < v.notBefore.value.getTime()) {
    throw new SignError('SIGN_CERT_NOT_YET_VALID', `Chứng thư số chỉ có hiệu lực từ ${v.notBefore.value.toISOString()}; chưa thể ký.`, 'notBefore after signing time');
  }
  if (t > v.notAfter.value.getTime()) {
    throw new SignError('SIGN_CERT_EXPIRED', `Chứng thư số đã hết hạn từ ${v.notAfter.value.toISOString()}; không thể ký.`, 'notAfter before signing time');
  }
  const ku = keyUsage(cert);
  if (ku && !ku.has(KU.digitalSignature) && !ku.has(KU.nonRepudiation)) {
    throw new SignError('SIGN_CERT_KEY_USAGE', 'Chứng thư số không được phép dùng để ký số (thiếu digitalSignature/nonRepudiation).', 'key usage');
  }
  const k = keyBits(cert);
  if (k.type === 'rsa' && (k.bits ?? 0) < MIN_RSA_BITS) {
    throw new SignError('SIGN_WEAK_KEY', `Khoá RSA ${k.bits ?? '?'} bit quá ngắn; cần tối thiểu ${MIN_RSA_BITS} bit.`, `rsa ${k.bits}`);
  }
  if (c.revocationFetcher && c.chainDer.length) {
    const path = [cert, ...c.chainDer.map((d) => certFromDer(d))];
    // The leaf only (the issuer's own status is its issuer's business): path = leaf, issuer as "anchor".
    const res = await checkRevocation(path.slice(0, 2), c.signingTime, { crls: [], ocspResponses: [] }, c.revocationFetcher);
    if (res.status === 'revoked') throw new SignError('SIGN_CERT_REVOKED', 'Chứng thư số đã bị thu hồi; không thể ký.', 'revoked');
  }
}
