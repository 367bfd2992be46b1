import type * as asn1js from 'asn1js';
import type { SignatureAlgorithm } from './algorithms';
import type { Cert } from './certificates';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
} as const;

/** How the SignerInfo names its certificate (RFC 5652 §5.3). */
export type SignerId =
  /** IssuerAndSerialNumber: the issuer Name (DER) and the serial number's INTEGER contents. */
  | { issuer: Buffer; serialNumber: Buffer }
  | { subjectKeyIdentifier: Buffer };

/**
 * What the verifier needs from a CMS SignedData (a PDF signature or an RFC 3161 token), in plain
 * values: read from DER by cms-fast.ts for the common shape, else converted from pkijs objects by
 * cms-pkijs.ts. Both fill every field the same way (test/signing/verify/cms-fast.test.ts).
 */
export interface ParsedCms {
  certificates: Cert[];
  signerCert: Cert | null;
  sid: SignerId;
  digestOid: string;
  signatureAlgorithm: SignatureAlgorithm;
  signatureValue: Buffer;
  /** The signed attributes as a DER SET (0x31), the bytes the signature covers; undefined when the content was signed directly. */
  signedAttributesDer?: Buffer;
  /** The message-digest signed attribute's value, if the attribute has one. */
  messageDigest?: Buffer;
  /** The content-type signed attribute's value (an OID), if the attribute has one. */
  contentTypeAttribute?: string;
  eContentType: string;
  /** Encapsulated content (TSTInfo of a token, digest of adbe.pkcs7.sha1); undefined when detached. */
  eContent?: Buffer;
  signingTime?: Date;
  hasSigningCertificateV2: boolean;
  /** DER CRLs from SignedData.crls and the Adobe revocation archival attribute. */
  crls: Buffer[];
  /** DER OCSPResponses from the Adobe revocation archival attribute. */
  ocspResponses: Buffer[];
  /** DER ContentInfo of the signature timestamp (unsigned attribute), if any. */
  timestampToken?: Buffer;
}

/** The certificate whose subject key identifier extension is `keyId` (the [0] choice of SignerId). */
export function certWithKeyId(keyId: Buffer, certs: Cert[]): Cert | null {
  return (
    certs.find((c) => {
      const ext = c.pkijs.extensions?.find((e) => e.extnID === '2.5.29.14');
      const v = ext?.parsedValue as asn1js.OctetString | undefined;
      return !!v && Buffer.from(v.valueBlock.valueHexView).equals(keyId);
    }) ?? null
  );
}
