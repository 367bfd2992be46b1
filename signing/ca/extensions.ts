import { createHash } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../crypto/oids';
import { namedBitString } from '../crypto/bits';
import { toArrayBuffer } from '../crypto/der';

/** X.509 extension builders, kept tiny so profiles read like the RFC 5280 tables. */

function ext(extnID: string, critical: boolean, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(spki: Uint8Array): Buffer {
  const info = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spki));
  return createHash('sha1').update(info.subjectPublicKey.valueBlock.valueHexView).digest();
}

export function subjectKeyIdentifier(spki: Uint8Array): pkijs.Extension {
  return ext(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(spki)) }));
}

export function authorityKeyIdentifier(issuerSpki: Uint8Array): pkijs.Extension {
  const aki = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(issuerSpki)) }),
  });
  return ext(OID.authorityKeyIdentifier, false, aki.toSchema());
}

export function basicConstraints(ca: boolean, pathLen?: number): pkijs.Extension {
  const bc = new pkijs.BasicConstraints(ca ? (pathLen === undefined ? { cA: true } : { cA: true, pathLenConstraint: pathLen }) : {});
  return ext(OID.basicConstraints, true, bc.toSchema());
}

export const KeyUsageBit = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

export function keyUsage(bits: number[]): pkijs.Extension {
  return ext(OID.keyUsage, true, namedBitString(bits));
}

export function extKeyUsage(purposes: string[], critical: boolean): pkijs.Extension {
  return ext(OID.extKeyUsage, critical, new pkijs.ExtKeyUsage({ keyPurposes: purposes }).toSchema());
}

const URI = 6;
const RFC822 = 1;

export function crlDistributionPoint(url: string): pkijs.Extension {
  const dp = new pkijs.CRLDistributionPoints({
    distributionPoints: [
      new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: URI, value: url })] }),
    ],
  });
  return ext(OID.crlDistributionPoints, false, dp.toSchema());
}

export function authorityInfoAccess(urls: { ocsp?: string; caIssuers?: string }): pkijs.Extension {
  const descriptions: pkijs.AccessDescription[] = [];
  if (urls.ocsp) {
    descriptions.push(
      new pkijs.AccessDescription({ accessMethod: OID.ocsp, accessLocation: new pkijs.GeneralName({ type: URI, value: urls.ocsp }) }),
    );
  }
  if (urls.caIssuers) {
    descriptions.push(
      new pkijs.AccessDescription({
        accessMethod: OID.caIssuers,
        accessLocation: new pkijs.GeneralName({ type: URI, value: urls.caIssuers }),
      }),
    );
  }
  return ext(OID.authorityInfoAccess, false, new pkijs.InfoAccess({ accessDescriptions: descriptions }).toSchema());
}

export function subjectAltNameEmail(email: string): pkijs.Extension {
  const names = new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: RFC822, value: email })] });
  return ext(OID.subjectAltName, false, names.toSchema());
}

/** RFC 6960 §4.2.2.2.1: relying parties need not check the responder certificate's status. */
export function ocspNoCheck(): pkijs.Extension {
  return ext(OID.ocspNoCheck, false, new asn1js.Null());
}
