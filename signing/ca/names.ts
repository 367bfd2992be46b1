import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../crypto/oids';

/** A distinguished name as the CA thinks of it; order of RDNs follows X.520 (country first). */
export interface DistinguishedName {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
}

/**
 * Country stays PrintableString (RFC 5280 requires it); everything else is UTF8String so
 * Vietnamese diacritics survive in every reader (forge's default PrintableString would not).
 */
export function buildName(dn: DistinguishedName): pkijs.RelativeDistinguishedNames {
  // pkijs would put every attribute into one multi-valued RDN; encode one SET per attribute.
  const rdns: asn1js.Set[] = [];
  const push = (type: string, value: asn1js.BaseStringBlock) =>
    rdns.push(new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] }));
  if (dn.country) push(OID.countryName, new asn1js.PrintableString({ value: dn.country }));
  if (dn.organization) push(OID.organizationName, new asn1js.Utf8String({ value: dn.organization }));
  if (dn.organizationalUnit) {
    push(OID.organizationalUnitName, new asn1js.Utf8String({ value: dn.organizationalUnit }));
  }
  push(OID.commonName, new asn1js.Utf8String({ value: dn.commonName }));
  const der = new asn1js.Sequence({ value: rdns }).toBER(false);
  return pkijs.RelativeDistinguishedNames.fromBER(der);
}

/** First value of an attribute in a parsed name, or undefined. */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, type: string): string | undefined {
  const tv = name.typesAndValues.find((t) => t.type === type);
  return tv ? String(tv.value.valueBlock.value) : undefined;
}
