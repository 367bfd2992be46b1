import { createPrivateKey, X509Certificate } from 'crypto';
import * as forge from 'node-forge';
import { SignError } from './errors';
import type { SignerMaterial } from './signer-key';
import { toPem } from './signer-key';

/** PKCS#12 through node-forge: the fallback for legacy profiles (RC2-encrypted certificate bags). */

/**
 * forge hands the password to PBES2 as a "binary" string, i.e. drops the high byte of every
 * non-Latin-1 character, while OpenSSL (and RFC 8018) use UTF-8 bytes: a Vietnamese password
 * would never open. For the duration of one synchronous parse, retry key decryption with the
 * UTF-8 form; the MAC (PKCS#12 KDF, UTF-16) is unaffected.
 */
function withUtf8Pbes2Fallback<T>(parse: () => T): T {
  const pki = forge.pki as unknown as { decryptPrivateKeyInfo: (obj: forge.asn1.Asn1, pw: string) => forge.asn1.Asn1 | null };
  const original = pki.decryptPrivateKeyInfo;
  pki.decryptPrivateKeyInfo = (obj, pw) => {
    let r: forge.asn1.Asn1 | null = null;
    try {
      r = original(obj, pw);
    } catch {
      r = null;
    }
    return r ?? original(obj, forge.util.encodeUtf8(pw));
  };
  try {
    return parse();
  } finally {
    pki.decryptPrivateKeyInfo = original;
  }
}

/**
 * Keeps each certificate's bytes exactly as the PKCS#12 carried them. forge re-encodes a parsed
 * certificate from its model (name strings change type, e.g. UTF8String), which breaks the CA's
 * signature on it: validators then fail the path ("certificate signature failure").
 */
function withOriginalCertificates<T>(parse: () => T): { result: T; originals: Map<forge.pki.Certificate, Buffer> } {
  const pki = forge.pki as unknown as { certificateFromAsn1: (obj: forge.asn1.Asn1, computeHash?: boolean) => forge.pki.Certificate };
  const original = pki.certificateFromAsn1;
  const originals = new Map<forge.pki.Certificate, Buffer>();
  pki.certificateFromAsn1 = (obj, computeHash) => {
    const cert = original(obj, computeHash);
    originals.set(cert, Buffer.from(forge.asn1.toDer(obj).getBytes(), 'binary'));
    return cert;
  };
  try {
    return { result: parse(), originals };
  } finally {
    pki.certificateFromAsn1 = original;
  }
}

export function loadP12WithForge(buf: Buffer, password: string): SignerMaterial {
  let p12: forge.pkcs12.Pkcs12Pfx;
  let originals: Map<forge.pki.Certificate, Buffer>;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(buf.toString('binary')));
    ({ result: p12, originals } = withOriginalCertificates(() => withUtf8Pbes2Fallback(() => forge.pkcs12.pkcs12FromAsn1(asn1, false, password))));
  } catch (e) {
    throw new SignError('SIGN_BAD_P12', 'Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng.', (e as Error).message);
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (!keyBags.length || !certBags.length) throw new SignError('SIGN_BAD_P12', 'Tệp PKCS#12 không có khoá hoặc chứng thư số.', 'missing bags');
  const kb = keyBags[0];
  // forge only models RSA keys; for EC it hands back the PrivateKeyInfo ASN.1.
  const keyInfo = kb.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(kb.key)) : kb.asn1;
  if (!keyInfo) throw new SignError('SIGN_BAD_P12', 'Tệp PKCS#12 không có khoá.', 'empty key bag');
  const keyDer = Buffer.from(forge.asn1.toDer(keyInfo).getBytes(), 'binary');
  const keyPem = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
  const pems = certBags.map((b) => {
    const kept = b.cert ? originals.get(b.cert) : undefined;
    const der = kept ?? Buffer.from(forge.asn1.toDer(b.cert ? forge.pki.certificateToAsn1(b.cert) : b.asn1!).getBytes(), 'binary');
    return { der, pem: toPem(der), localKeyId: b.attributes?.localKeyId?.[0] };
  });
  // The signer's certificate is the one sharing the key's localKeyId, else the one matching the key.
  const keyId = kb.attributes?.localKeyId?.[0];
  let leaf = pems.find((p) => keyId !== undefined && p.localKeyId === keyId);
  if (!leaf) {
    const pub = createPrivateKey(keyPem);
    leaf = pems.find((p) => {
      try {
        return new X509Certificate(p.der).checkPrivateKey(pub);
      } catch {
        return false;
      }
    }) ?? pems[0];
  }
  return { keyPem, certPem: leaf.pem, chainPem: pems.filter((p) => p !== leaf).map((p) => p.pem) };
}
