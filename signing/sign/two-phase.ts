import { promises as fsp } from 'fs';
import { PdfReader, PdfSource } from '../pdf';
import { AppearanceOptions, buildSignatureUpdate } from './update-builder';
import { assembleSignedData, buildSignedAttributes } from './cms';
import { normalizeSignatureValue, SignerMaterial } from './signer-key';
import { httpTimestamper, Timestamper } from './tsa';
import { bufferSink } from './output';
import { coded, SignError } from './errors';
import { checkOwnCertificate } from './own-certificate';
import type { RevocationFetcher } from '../verify/revocation';
import {
  abortPrefix, baseCmsSize, beginPrefix, displayName, layoutDigest, material, openInput, PadesLevel, SignResult, TIMESTAMP_ALLOWANCE,
} from './pipeline';

/** Two-phase (external) signing: prepare the PDF and what to sign, complete with a token's or a service's answer. */

export interface PrepareOptions extends AppearanceOptions {
  input: PdfSource | string;
  /** Where to write the prepared PDF; without it `preparedPdf` is returned as a Buffer. */
  preparedOutput?: string;
  /** Alias of `preparedOutput`. */
  output?: string;
  signer: Pick<SignerMaterial, 'certPem' | 'chainPem'>;
  signingTime?: Date;
  tsaUrl?: string;
  /** Bytes reserved for the CMS; needed when a remote service returns a whole CMS larger than ours. */
  reserveBytes?: number;
  revocationFetcher?: RevocationFetcher;
}

/** Everything needed to finish later; plain data so it can be stored between requests. */
export interface PreparedSignatureState {
  preparedPath?: string;
  contentsOffset: number;
  contentsLength: number;
  documentDigest: string; // hex
  certPem: string;
  chainPem: string[];
  tsaUrl?: string;
  fieldName: string;
  totalSize: number;
}

export interface PreparedSignature {
  preparedPdf: string | Buffer;
  /** DER of the signed attributes: what a token/CSC service signs (SHA-256 + key). */
  toBeSigned: Buffer;
  /** SHA-256 of the byte ranges: what a remote service building its own CMS signs. */
  documentDigest: Buffer;
  state: PreparedSignatureState;
}

export async function preparePdfSignature(opts: PrepareOptions): Promise<PreparedSignature> {
  const preparedOutput = opts.preparedOutput ?? opts.output;
  const { src, own } = await openInput(opts.input);
  const m = material(opts.signer);
  const mem = preparedOutput ? undefined : bufferSink();
  let prefix: ReturnType<typeof beginPrefix> | undefined;
  const signingTime = opts.signingTime ?? new Date();
  try {
    await checkOwnCertificate({ certDer: m.certDer, chainDer: m.chainDer, signingTime, revocationFetcher: opts.revocationFetcher });
    prefix = beginPrefix(opts.input, src, preparedOutput, mem);
    const reader = await PdfReader.open(src);
    const reserve = opts.reserveBytes ?? baseCmsSize(m) + (opts.tsaUrl ? TIMESTAMP_ALLOWANCE : 0);
    const layout = await buildSignatureUpdate({ reader, appearance: opts, signingTime, signerDisplayName: displayName(m.certDer), reserveBytes: reserve });
    const digest = await layoutDigest(prefix.digest, src.size, layout);
    const sink = await prefix.sink;
    await sink.write(layout.bytes);
    await sink.finish();
    prefix.digest.close();
    const state: PreparedSignatureState = {
      preparedPath: preparedOutput,
      contentsOffset: src.size + layout.contentsAt,
      contentsLength: layout.contentsLength,
      documentDigest: digest.toString('hex'),
      certPem: opts.signer.certPem,
      chainPem: opts.signer.chainPem ?? [],
      tsaUrl: opts.tsaUrl,
      fieldName: layout.fieldName,
      totalSize: src.size + layout.bytes.length,
    };
    return { preparedPdf: mem ? mem.result() : preparedOutput!, toBeSigned: buildSignedAttributes(digest, m.certDer).der, documentDigest: digest, state };
  } catch (e) {
    await abortPrefix(prefix);
    throw coded(e);
  } finally {
    if (own) await src.close();
  }
}

export type ExternalSignature = { signatureValue: Buffer } | { cms: Buffer };

export interface CompleteOptions {
  /** The prepared PDF as a file: it is copied to `output` (or patched in place without `output`). */
  input?: string;
  output?: string;
  /** The prepared PDF in memory (when prepare returned a Buffer). */
  preparedPdf?: Buffer;
  timestamper?: Timestamper;
}

export interface CompleteResult extends Omit<SignResult, 'filledFields'> {
  /** The signed PDF: the prepared path (patched in place) or a Buffer. */
  pdf: string | Buffer;
}

/**
 * Puts the external signature into the prepared PDF. With `signatureValue` (raw signature over
 * `toBeSigned`) we build the CMS (and fetch the timestamp); with `cms` it is embedded as given.
 */
export async function completePdfSignature(
  state: PreparedSignatureState,
  external: ExternalSignature & CompleteOptions,
  moreOpts: CompleteOptions = {},
): Promise<CompleteResult> {
  try {
    return await complete(state, external, { ...external, ...moreOpts });
  } catch (e) {
    throw coded(e);
  }
}

async function complete(state: PreparedSignatureState, external: ExternalSignature, opts: CompleteOptions): Promise<CompleteResult> {
  let cms: Buffer;
  let level: PadesLevel = 'B-B';
  if ('cms' in external) {
    cms = external.cms;
    if (cms.length < 16 || cms[0] !== 0x30) throw new SignError('SIGN_BAD_SIGNATURE_VALUE', 'Dữ liệu chữ ký CMS không hợp lệ.', 'not a DER SEQUENCE');
  } else {
    const m = material(state);
    const attrs = buildSignedAttributes(Buffer.from(state.documentDigest, 'hex'), m.certDer);
    const signatureValue = normalizeSignatureValue(external.signatureValue, m.certDer);
    const ts = opts.timestamper ?? (state.tsaUrl ? httpTimestamper(state.tsaUrl) : undefined);
    const timestampToken = ts ? await ts(signatureValue) : undefined;
    if (timestampToken) level = 'B-T';
    cms = assembleSignedData({ signerCertDer: m.certDer, certificatesDer: m.chainDer, signedAttributes: attrs, signatureValue, timestampToken });
  }
  const room = (state.contentsLength - 2) / 2;
  if (cms.length > room) {
    throw new SignError('SIGN_PLACEHOLDER_TOO_SMALL', 'Chỗ dành cho chữ ký trong tệp không đủ; hãy chuẩn bị lại với dung lượng dự trữ lớn hơn.', `need ${cms.length}, have ${room}`);
  }
  const hex = Buffer.from(cms.toString('hex').padEnd(room * 2, '0'), 'latin1');
  const result = { bytesWritten: state.totalSize, fieldName: state.fieldName, level };
  let target = opts.input ?? (opts.preparedPdf ? undefined : state.preparedPath);
  if (target && opts.output && opts.output !== target) {
    await fsp.copyFile(target, opts.output);
    target = opts.output;
  }
  if (target) {
    const fh = await fsp.open(target, 'r+');
    try {
      const check = Buffer.alloc(1);
      await fh.read(check, 0, 1, state.contentsOffset);
      if (check[0] !== 0x3c || (await fh.stat()).size !== state.totalSize) throw new SignError('SIGN_BAD_INPUT', 'Tệp đã chuẩn bị không khớp trạng thái ký.', 'no < at contents offset');
      await fh.write(hex, 0, hex.length, state.contentsOffset + 1);
    } finally {
      await fh.close();
    }
    return { ...result, pdf: target };
  }
  if (!opts.preparedPdf) throw new SignError('SIGN_BAD_INPUT', 'Thiếu tệp PDF đã chuẩn bị.', 'preparedPdf missing');
  const out = Buffer.from(opts.preparedPdf);
  if (out[state.contentsOffset] !== 0x3c || out.length !== state.totalSize) throw new SignError('SIGN_BAD_INPUT', 'Tệp đã chuẩn bị không khớp trạng thái ký.', 'mismatch');
  hex.copy(out, state.contentsOffset + 1);
  return { ...result, pdf: out };
}
