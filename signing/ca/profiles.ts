import type * as pkijs from 'pkijs';
import { OID } from '../crypto/oids';
import {
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  crlDistributionPoint,
  extKeyUsage,
  keyUsage,
  KeyUsageBit as KU,
  ocspNoCheck,
  subjectAltNameEmail,
  subjectKeyIdentifier,
} from './extensions';
import type { PkiUrls } from './urls';

/**
 * Extension sets per certificate role, shaped after the Government Cipher Committee's PKI
 * (root → subordinate CA → officials, agency seals, TSA, OCSP responder).
 */

export function rootProfile(spki: Buffer): pkijs.Extension[] {
  return [basicConstraints(true), keyUsage([KU.keyCertSign, KU.cRLSign]), subjectKeyIdentifier(spki)];
}

export function subCaProfile(spki: Buffer, rootSpki: Buffer, urls: PkiUrls): pkijs.Extension[] {
  return [
    basicConstraints(true, 0),
    keyUsage([KU.keyCertSign, KU.cRLSign]),
    subjectKeyIdentifier(spki),
    authorityKeyIdentifier(rootSpki),
    crlDistributionPoint(urls.rootCrl),
    authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.rootCert }),
  ];
}

function issuedBySub(spki: Buffer, subSpki: Buffer): pkijs.Extension[] {
  return [subjectKeyIdentifier(spki), authorityKeyIdentifier(subSpki)];
}

/** RFC 3161 §2.3: the only EKU is timeStamping and it must be critical. */
export function tsaProfile(spki: Buffer, subSpki: Buffer, urls: PkiUrls): pkijs.Extension[] {
  return [
    basicConstraints(false),
    keyUsage([KU.digitalSignature, KU.nonRepudiation]),
    extKeyUsage([OID.kpTimeStamping], true),
    ...issuedBySub(spki, subSpki),
    crlDistributionPoint(urls.subCrl),
    authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.subCert }),
  ];
}

export function ocspResponderProfile(spki: Buffer, subSpki: Buffer, urls: PkiUrls): pkijs.Extension[] {
  return [
    basicConstraints(false),
    keyUsage([KU.digitalSignature]),
    extKeyUsage([OID.kpOcspSigning], false),
    ocspNoCheck(),
    ...issuedBySub(spki, subSpki),
    authorityInfoAccess({ caIssuers: urls.subCert }),
  ];
}

/**
 * Officials and agency seals sign documents. NSS (pdfsig) validates PDF signers for the
 * "email signer" usage, which needs digitalSignature or nonRepudiation and, when an EKU is
 * present, emailProtection; documentSigning (RFC 9336) is added for newer validators.
 */
export function documentSignerProfile(
  spki: Buffer,
  subSpki: Buffer,
  urls: PkiUrls,
  email?: string,
): pkijs.Extension[] {
  const exts = [
    basicConstraints(false),
    keyUsage([KU.digitalSignature, KU.nonRepudiation]),
    extKeyUsage([OID.kpEmailProtection, OID.kpDocumentSigning], false),
    ...issuedBySub(spki, subSpki),
    crlDistributionPoint(urls.subCrl),
    authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.subCert }),
  ];
  if (email) exts.push(subjectAltNameEmail(email));
  return exts;
}
