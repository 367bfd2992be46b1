import { Writable } from 'stream';
import { PdfReader, PdfSource } from '../pdf';
import { AppearanceOptions, buildSignatureUpdate } from './update-builder';
import { assembleSignedData, buildSignedAttributes } from './cms';
import { SignerMaterial, signWithMaterial } from './signer-key';
import { httpTimestamper, Timestamper } from './tsa';
import { coded } from './errors';
import { checkOwnCertificate } from './own-certificate';
import type { RevocationFetcher } from '../verify/revocation';
import {
  abortPrefix, baseCmsSize, beginPrefix, displayName, layoutDigest, material, openInput, SignResult, TIMESTAMP_ALLOWANCE, writeContents,
} from './pipeline';

export type { PadesLevel, SignResult } from './pipeline';

export interface SignPdfOptions extends AppearanceOptions {
  input: PdfSource | string;
  output: string | Writable;
  signer: SignerMaterial;
  /** Claimed signing time, written to /M (the CMS carries no signing-time attribute). */
  signingTime?: Date;
  /** RFC 3161 TSA for PAdES B-T; failure to get a timestamp fails the signing. */
  tsaUrl?: string;
  timestamper?: Timestamper;
  /** Looks the signer's certificate up for revocation before signing (its CRL/OCSP URLs); absent: not looked up. */
  revocationFetcher?: RevocationFetcher;
}

/**
 * One-go PAdES signing by incremental update: the source bytes are copied untouched (hashed on
 * the way) and the signature objects appended.
 */
export async function signPdf(opts: SignPdfOptions): Promise<SignResult> {
  const { src, own } = await openInput(opts.input);
  const m = material(opts.signer);
  const timestamper = opts.timestamper ?? (opts.tsaUrl ? httpTimestamper(opts.tsaUrl) : undefined);
  let prefix: ReturnType<typeof beginPrefix> | undefined;
  const signingTime = opts.signingTime ?? new Date();
  try {
    // Copy and hash start first: they overlap the certificate check, parsing and layout below (a
    // refused certificate aborts the copy: only a temporary file was written, and it is removed).
    prefix = beginPrefix(opts.input, src, opts.output);
    await checkOwnCertificate({ certDer: m.certDer, chainDer: m.chainDer, signingTime, revocationFetcher: opts.revocationFetcher });
    const reader = await PdfReader.open(src);
    const base = baseCmsSize(m);
    let reserve = base + (timestamper ? TIMESTAMP_ALLOWANCE : 0);
    for (let attempt = 0; ; attempt++) {
      const layout = await buildSignatureUpdate({ reader, appearance: opts, signingTime, signerDisplayName: displayName(m.certDer), reserveBytes: reserve });
      const digest = await layoutDigest(prefix.digest, src.size, layout);
      const attrs = buildSignedAttributes(digest, m.certDer);
      const signatureValue = await signWithMaterial(opts.signer, attrs.der);
      const timestampToken = timestamper ? await timestamper(signatureValue) : undefined;
      const cms = assembleSignedData({ signerCertDer: m.certDer, certificatesDer: m.chainDer, signedAttributes: attrs, signatureValue, timestampToken });
      if (cms.length > reserve && attempt === 0) {
        reserve = cms.length + 64; // the token turned out bigger than allowed for: lay out again, exactly
        continue;
      }
      writeContents(layout, cms);
      const sink = await prefix.sink;
      await sink.write(layout.bytes);
      await sink.finish();
      prefix.digest.close();
      return { bytesWritten: src.size + layout.bytes.length, fieldName: layout.fieldName, filledFields: layout.filledFields, level: timestampToken ? 'B-T' : 'B-B' };
    }
  } catch (e) {
    await abortPrefix(prefix);
    throw coded(e);
  } finally {
    if (own) await src.close();
  }
}
