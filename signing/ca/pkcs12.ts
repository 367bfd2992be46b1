import { createHash } from 'crypto';
import * as forge from 'node-forge';

/**
 * PKCS#12 writer on forge's primitives. forge's own `toPkcs12Asn1` only takes RSA keys
 * (it re-encodes the key through its RSA structures), so the PFX is assembled here from the
 * PKCS#8 bytes as they are, which serves RSA and ECDSA keys alike.
 *
 * Protection: key bag PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, certificates in clear (as
 * forge and most CAs do), MAC HMAC-SHA256 — all readable by OpenSSL 3 without `-legacy`.
 */

export interface P12Input {
  keyPkcs8Der: Buffer;
  /** Leaf first, then the chain (sub, root). */
  certDers: Buffer[];
  friendlyName?: string;
  /** PBKDF2 / MAC iterations. */
  iterations?: number;
}

const { asn1 } = forge;
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (o: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const explicit0 = (inner: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
const int = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const bin = (buf: Buffer) => buf.toString('binary');
const der = (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes();

function dataContentInfo(content: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq([oid(forge.pki.oids.data), explicit0(octets(der(content)))]);
}

export function buildPkcs12(input: P12Input, password: string): Buffer {
  const iterations = input.iterations ?? 2048;
  // localKeyId pairs the key with its certificate in every reader (Windows, NSS, OpenSSL).
  const localKeyId = createHash('sha1').update(input.certDers[0]).digest();
  const attrs: forge.asn1.Asn1[] = [seq([oid(forge.pki.oids.localKeyId), set([octets(bin(localKeyId))])])];
  if (input.friendlyName) {
    const bmp = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, input.friendlyName); // forge writes UTF-16BE itself
    attrs.push(seq([oid(forge.pki.oids.friendlyName), set([bmp])]));
  }
  const bagAttrs = set(attrs);

  const certBags = input.certDers.map((certDer, i) => {
    const certBag = seq([oid(forge.pki.oids.x509Certificate), explicit0(octets(bin(certDer)))]);
    const items = [oid(forge.pki.oids.certBag), explicit0(certBag)];
    if (i === 0) items.push(bagAttrs);
    return seq(items);
  });

  const keyInfo = asn1.fromDer(bin(input.keyPkcs8Der));
  // PBES2 takes the password as UTF-8 bytes (RFC 8018, what OpenSSL does); the MAC KDF below
  // takes the JS string and does its own BMPString conversion.
  const encryptedKey = forge.pki.encryptPrivateKeyInfo(keyInfo, forge.util.encodeUtf8(password), {
    algorithm: 'aes256',
    prfAlgorithm: 'sha256',
    count: iterations,
    saltSize: 16,
  });
  const keyBag = seq([oid(forge.pki.oids.pkcs8ShroudedKeyBag), explicit0(encryptedKey), bagAttrs]);

  const authSafe = seq([dataContentInfo(seq(certBags)), dataContentInfo(seq([keyBag]))]);
  const authSafeDer = der(authSafe);

  const macSalt = forge.random.getBytesSync(16);
  const macKey = forge.pkcs12.generateKey(password, forge.util.createBuffer(macSalt), 3, iterations, 32, forge.md.sha256.create());
  const hmac = forge.hmac.create();
  hmac.start(forge.md.sha256.create(), macKey);
  hmac.update(authSafeDer);
  const macData = seq([
    seq([seq([oid(forge.pki.oids.sha256), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    int(iterations),
  ]);

  const pfx = seq([int(3), seq([oid(forge.pki.oids.data), explicit0(octets(authSafeDer))]), macData]);
  return Buffer.from(der(pfx), 'binary');
}
