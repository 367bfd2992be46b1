import * as pkijs from 'pkijs';
import { digest, parseBer } from './algorithms';
import { Cert, nameAttr } from './certificates';
import { ChainResult, validateChain } from './chain';
import { checkSigner, OID, parseCms, ParsedCms } from './cms';
import { cmsMalformed } from './errors';
import { SignatureError, TimestampReport } from './report';

export interface TimestampCheck {
  report: TimestampReport;
  cms: ParsedCms;
  chain: ChainResult | null;
  errors: SignatureError[];
}

/**
 * Verifies an RFC 3161 token over `imprintedData` (the signature value for a signature
 * timestamp) or over a precomputed digest function (document timestamps hash byte ranges).
 */
export async function checkTimestampToken(
  token: Buffer,
  imprint: (hashOid: string) => Promise<Buffer>,
  pool: Cert[],
  anchors: Cert[],
): Promise<TimestampCheck> {
  const errors: SignatureError[] = [];
  const cms = parseCms(token);
  if (cms.eContentType !== OID.tstInfo || !cms.eContent) {
    throw cmsMalformed('not a TSTInfo token');
  }
  let tst: pkijs.TSTInfo;
  try {
    tst = new pkijs.TSTInfo({ schema: parseBer(cms.eContent) });
  } catch (e) {
    throw cmsMalformed(`TSTInfo: ${(e as Error).message}`);
  }
  const hashOid = tst.messageImprint.hashAlgorithm.algorithmId;
  const expected = await imprint(hashOid);
  const imprintOk = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(expected);
  if (!imprintOk) errors.push({ code: 'TIMESTAMP_IMPRINT_MISMATCH', message: 'Dấu thời gian không khớp với dữ liệu được đóng dấu.' });
  const sig = checkSigner(cms, digest(cms.digestOid, cms.eContent));
  if (!sig.digestOk || !sig.signatureOk) {
    errors.push({ code: 'TIMESTAMP_SIGNATURE_INVALID', message: 'Chữ ký của máy chủ cấp dấu thời gian không hợp lệ.' });
  }
  const time = tst.genTime;
  let chain: ChainResult | null = null;
  if (cms.signerCert) {
    chain = validateChain(cms.signerCert, [...cms.certificates, ...pool], anchors, time, 'timestamping');
    for (const e of chain.errors) errors.push({ code: `TSA_${e.code}`, message: `Dấu thời gian: ${e.message}` });
  }
  return {
    report: {
      time: time.toISOString(),
      valid: imprintOk && sig.digestOk && sig.signatureOk,
      chain: chain?.status ?? 'error',
      tsaName: cms.signerCert ? nameAttr(cms.signerCert.pkijs.subject, '2.5.4.3') : null,
    },
    cms,
    chain,
    errors,
  };
}
