import { createDecipheriv, createHash, createHmac, createPrivateKey, KeyObject, pbkdf2Sync, timingSafeEqual, X509Certificate } from 'crypto';
import * as asn1js from 'asn1js';
import { SignError } from './errors';

/**
 * PKCS#12 with Node's native crypto for the modern profile (PBES2/PBKDF2 + AES or 3DES, HMAC
 * MAC): ~1 ms instead of tens in a pure-JS implementation, which matters for a CLI whose whole
 * run is budgeted against `sha256sum`. Returns undefined for what it does not handle (legacy
 * RC2 bags...), so the caller can fall back.
 */

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
};

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const CIPHERS: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'aes-128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes-192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes-256-cbc',
  '1.2.840.113549.3.7': 'des-ede3-cbc',
};

class Unhandled extends Error {}

type Node = asn1js.AsnType;

function parse(buf: Uint8Array): Node {
  const r = asn1js.fromBER(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  if (r.offset === -1) throw new Error('bad DER');
  return r.result;
}

function kids(n: Node): Node[] {
  const v = (n as asn1js.Sequence).valueBlock?.value;
  if (!Array.isArray(v)) throw new Error('expected a constructed value');
  return v;
}

function oid(n: Node): string {
  if (!(n instanceof asn1js.ObjectIdentifier)) throw new Error('expected an OID');
  return n.valueBlock.toString();
}

/** Bytes of an OCTET STRING (or context-tagged primitive), BER-constructed forms included. */
function octets(n: Node): Buffer {
  const vb = (n as asn1js.OctetString).valueBlock as unknown as { isConstructed?: boolean; value?: Node[]; valueHexView?: Uint8Array };
  // asn1js may also decode a primitive OCTET STRING's content into `value`: only trust isConstructed.
  if (vb.isConstructed) return Buffer.concat((vb.value ?? []).map(octets));
  if (vb.valueHexView) return Buffer.from(vb.valueHexView);
  throw new Error('expected octets');
}

function int(n: Node): number {
  if (!(n instanceof asn1js.Integer)) throw new Error('expected an integer');
  return n.valueBlock.valueDec;
}

/** RFC 7292 appendix B key derivation (the MAC key, ID = 3). */
function pkcs12Kdf(password: string, salt: Buffer, id: number, iterations: number, size: number, hash: string): Buffer {
  const u = createHash(hash).digest().length;
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const pw = Buffer.from(`${password}\u0000`, 'utf16le').swap16();
  const fill = (src: Buffer): Buffer => {
    if (!src.length) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(pw)]);
  const D = Buffer.alloc(v, id);
  const out: Buffer[] = [];
  for (let got = 0; got < size; got += u) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let i = 1; i < iterations; i++) A = createHash(hash).update(A).digest();
    out.push(A);
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = I[j + k] + B[k] + carry;
        I[j + k] = s & 0xff;
        carry = s >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, size);
}

function pbes2Decrypt(algId: Node, data: Buffer, password: string): Buffer {
  const [alg, params] = kids(algId);
  if (oid(alg) !== OIDS.pbes2) throw new Unhandled('not PBES2');
  const [kdf, enc] = kids(params);
  const [kdfOid, kdfParams] = kids(kdf);
  if (oid(kdfOid) !== OIDS.pbkdf2) throw new Unhandled('not PBKDF2');
  const kp = kids(kdfParams);
  const salt = octets(kp[0]);
  const iterations = int(kp[1]);
  let prf = 'sha1';
  for (const extra of kp.slice(2)) if (extra instanceof asn1js.Sequence) prf = PRFS[oid(kids(extra)[0])] ?? '';
  const [encOid, ivNode] = kids(enc);
  const cipher = CIPHERS[oid(encOid)];
  if (!cipher || !prf) throw new Unhandled('cipher');
  const keyLen = cipher === 'des-ede3-cbc' ? 24 : parseInt(cipher.slice(4, 7), 10) / 8;
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, keyLen, prf);
  const d = createDecipheriv(cipher, key, octets(ivNode));
  return Buffer.concat([d.update(data), d.final()]);
}

export interface NativeP12 {
  key: KeyObject;
  certs: { der: Buffer; localKeyId?: string }[];
  keyLocalKeyId?: string;
}

function bagsOf(safeContents: Buffer, password: string, out: NativeP12): void {
  for (const bag of kids(parse(safeContents))) {
    const [idNode, valueWrap, attrs] = kids(bag);
    const id = oid(idNode);
    const value = kids(valueWrap)[0];
    let localKeyId: string | undefined;
    if (attrs) {
      for (const a of kids(attrs)) {
        const [t, vals] = kids(a);
        if (oid(t) === OIDS.localKeyId) localKeyId = octets(kids(vals)[0]).toString('hex');
      }
    }
    if (id === OIDS.shroudedKeyBag) {
      const der = Buffer.from(value.toBER(false));
      // OpenSSL decrypts EncryptedPrivateKeyInfo natively (PBES2 and PKCS#12 PBE alike).
      out.key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password });
      out.keyLocalKeyId = localKeyId;
    } else if (id === OIDS.keyBag) {
      out.key = createPrivateKey({ key: Buffer.from(value.toBER(false)), format: 'der', type: 'pkcs8' });
      out.keyLocalKeyId = localKeyId;
    } else if (id === OIDS.certBag) {
      const [certType, certWrap] = kids(value);
      if (oid(certType) === OIDS.x509Certificate) out.certs.push({ der: octets(kids(certWrap)[0]), localKeyId });
    }
  }
}

export function openP12Native(buf: Buffer, password: string): NativeP12 | undefined {
  try {
    const [, authSafe, macData] = kids(parse(buf));
    const [ctype, content] = kids(authSafe);
    if (oid(ctype) !== OIDS.data) return undefined;
    const authContent = octets(kids(content)[0]);
    if (macData) {
      const [digestInfo, saltNode, iterNode] = kids(macData);
      const [algId, digestNode] = kids(digestInfo);
      const hash = HASHES[oid(kids(algId)[0])];
      if (!hash) return undefined;
      const expected = octets(digestNode);
      const key = pkcs12Kdf(password, octets(saltNode), 3, iterNode ? int(iterNode) : 1, createHash(hash).digest().length, hash);
      const mac = createHmac(hash, key).update(authContent).digest();
      if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
        throw new SignError('SIGN_BAD_P12', 'Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng.', 'MAC mismatch');
      }
    }
    const out: NativeP12 = { certs: [] } as unknown as NativeP12;
    for (const ci of kids(parse(authContent))) {
      const [t, wrapped] = kids(ci);
      const type = oid(t);
      if (type === OIDS.data) bagsOf(octets(kids(wrapped)[0]), password, out);
      else if (type === OIDS.encryptedData) {
        const [, eci] = kids(kids(wrapped)[0]);
        const [, algId, encrypted] = kids(eci);
        bagsOf(pbes2Decrypt(algId, octets(encrypted), password), password, out);
      } else return undefined;
    }
    if (!out.key || !out.certs.length) return undefined;
    return out;
  } catch (e) {
    if (e instanceof SignError) throw e;
    return undefined; // unhandled algorithm or odd encoding: let the general parser try
  }
}

/** Orders the certificates: the one matching the key first. */
export function leafFirst(p12: NativeP12): Buffer[] {
  const leaf =
    p12.certs.find((c) => p12.keyLocalKeyId && c.localKeyId === p12.keyLocalKeyId) ??
    p12.certs.find((c) => {
      try {
        return new X509Certificate(c.der).checkPrivateKey(p12.key);
      } catch {
        return false;
      }
    }) ??
    p12.certs[0];
  return [leaf.der, ...p12.certs.filter((c) => c !== leaf).map((c) => c.der)];
}
