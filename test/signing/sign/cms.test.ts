import { createVerify } from 'crypto';
import * as asn1js from 'asn1js';
import { assembleSignedData, buildSignedAttributes, certificatesFromPem } from '../../../signing/sign/cms';
import { signWithMaterial } from '../../../signing/sign';
import { testPki } from './test-pki';

/** Structure of our CMS checked against the raw DER (not through the code that built it). */
test('CMS carries the certificates byte for byte, sorted DER signed attributes, verifiable signature', async () => {
  const pki = testPki();
  const [leaf] = certificatesFromPem(pki.leader.certPem);
  const [root] = certificatesFromPem(pki.leader.chainPem[0]);
  const digest = Buffer.alloc(32, 7);
  const attrs = buildSignedAttributes(digest, leaf);
  const signatureValue = await signWithMaterial(pki.leader, attrs.der);
  const cms = assembleSignedData({ signerCertDer: leaf, certificatesDer: [root], signedAttributes: attrs, signatureValue });
  const raw = (n: asn1js.AsnType): Buffer => Buffer.from(n.valueBeforeDecodeView);
  const ci = asn1js.fromBER(cms.buffer.slice(cms.byteOffset, cms.byteOffset + cms.length) as ArrayBuffer).result as asn1js.Sequence;
  const sd = (ci.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const parts = sd.valueBlock.value;
  const certSet = parts.find((p) => p.idBlock.tagClass === 3 && p.idBlock.tagNumber === 0) as asn1js.Constructed;
  expect(certSet.valueBlock.value.map(raw)).toEqual([leaf, root]);
  const signerInfo = (parts[parts.length - 1] as asn1js.Set).valueBlock.value[0] as asn1js.Sequence;
  const signedAttrs = signerInfo.valueBlock.value[3];
  // [0] IMPLICIT in the CMS, SET (0x31) for the signature: same content bytes.
  const encoded = raw(signedAttrs);
  expect(encoded[0]).toBe(0xa0);
  expect(Buffer.concat([Buffer.from([0x31]), encoded.subarray(1)]).equals(attrs.der)).toBe(true);
  const attrTypes = (signedAttrs as asn1js.Constructed).valueBlock.value.map((a) => ((a as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString());
  expect(attrTypes.sort()).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'].sort());
  const elements = (signedAttrs as asn1js.Constructed).valueBlock.value.map(raw);
  expect([...elements].sort(Buffer.compare)).toEqual(elements);
  expect(createVerify('sha256').update(attrs.der).verify(pki.leader.certPem, signatureValue)).toBe(true);
});
