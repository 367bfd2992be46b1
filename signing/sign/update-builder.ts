import {
  buildIncrementalUpdate, name, ObjectAllocator, PdfDict, PdfObject, PdfReader, PdfRef, PdfStream, PdfString, UpdateObject,
} from '../pdf';
import { CompositeFont, ObjectSink } from '../fonts/embed-font';
import {
  formXObject, imageAppearance, imageXObject, Rect, SignatureBlockText, signatureBlockAppearance, signatureBlockSize, textAppearance, textBlockSize, textOperators,
} from './appearance';
import { daFontSize, FormField, listFields } from './fields';
import { aboveAnchor, appearanceMatrix, findLeaderSignature, PageInfo, pageInfo, parseRect, sealRect, topRight, toUserRect, toVisualRect, usualBlock } from './placement';
import { AnchorHit, findAnchor } from './anchor';
import { SignError } from './errors';
import { isoVietnam, pdfDate } from './time';
import { docMdpLevel, isLockedBy, locksOf } from '../pdf/mdp';
import { walkAcroForm } from '../pdf/acroform';
import { emptyTextField, IssueFieldNames, locateIssueFields } from './issue-fields';

export type SignatureKind = 'signer' | 'seal' | 'attachment' | 'copy';

export interface AppearanceOptions {
  kind: SignatureKind;
  image?: Buffer;
  /** 1-based page number; negative counts from the end (-1 = last page). */
  page?: number;
  rect?: Rect | string | number[];
  anchor?: string;
  reason?: string;
  location?: string;
  /**
   * Leader's signature on a draft without number/date fields: lay empty text fields with these
   * names over the "Số:" and "ngày … tháng … năm …" blanks of the first page, for the issue to fill.
   */
  issueFields?: IssueFieldNames;
  /**
   * Leader signing on behalf of another (KT., TL., TUQ., Q.): the block's lines above the signature
   * and the name. A draft that prints the name must print these lines too (the signature then goes
   * between them, image only); otherwise the appearance carries the whole block.
   */
  signatureBlock?: SignatureBlockText;
  /** Texts written into form fields in the same update (number/symbol, issue date). */
  fieldFills?: Record<string, string>;
  /**
   * Fills decided by the document's own fields: for each choice, the first of its text fields the document has is
   * filled with that entry's value (a template's own number field, else the one a leader's signature laid); a choice
   * none of whose fields exists fills nothing. `UpdateLayout.filledFields` tells what was filled.
   */
  fieldChoices?: FieldChoice[];
  /** Attachment signature: the number and symbol of the main document. */
  attachmentText?: { numberSymbol: string };
  /** Electronic copy: copy form (Sao y / Sao lục / Trích sao) and copying agency. */
  copyInfo?: { form: string; agency: string };
  /** Real size of a seal image without pHYs, in millimetres (default 40). */
  sealWidthMm?: number;
  /** Certification signature (DocMDP /P): 1 no changes, 2 form filling and signing, 3 also annotations. Only as the first signature. */
  certify?: 1 | 2 | 3;
  /** FieldMDP: the fields this signature locks ('all', or fully qualified names). */
  lockFields?: 'all' | string[];
}

/** Alternatives for one fill, in order of preference. */
export type FieldChoice = ReadonlyArray<{ name: string; value: string }>;

/** `fieldFills` with each of `fieldChoices` decided against the document's text fields. */
function decideFills(a: AppearanceOptions, fields: readonly FormField[]): Record<string, string> | undefined {
  if (!a.fieldChoices?.length) return a.fieldFills;
  const textFields = new Set(fields.filter((f) => f.type === 'Tx').map((f) => f.fullName));
  const fills = { ...a.fieldFills };
  for (const choice of a.fieldChoices) {
    const pick = choice.find((c) => textFields.has(c.name));
    if (pick) fills[pick.name] = pick.value;
  }
  return fills;
}

export interface UpdateLayout {
  bytes: Buffer;
  /** The form fields this update fills. */
  filledFields: string[];
  /** Offset in `bytes` of `<` opening /Contents, and its length including `<` and `>`. */
  contentsAt: number;
  contentsLength: number;
  byteRangeAt: number;
  byteRangeLength: number;
  fieldName: string;
}

export const BYTE_RANGE_PLACEHOLDER = '[0 9999999999 9999999999 9999999999]';

class Sink implements ObjectSink {
  readonly objects: UpdateObject[] = [];
  constructor(private readonly alloc: ObjectAllocator) {}
  add(value: PdfObject): PdfRef {
    const ref = this.alloc.alloc();
    this.objects.push({ ref, value });
    return ref;
  }
  replace(ref: PdfRef, value: PdfObject): void {
    this.objects.push({ ref, value });
  }
}

function unique(base: string, taken: Set<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

const FIELD_BASE: Record<SignatureKind, string> = { signer: 'ChuKyLanhDao', seal: 'ChuKyCoQuan', attachment: 'ChuKyPhuLuc', copy: 'ChuKyBanSao' };

export interface LayoutInput {
  reader: PdfReader;
  appearance: AppearanceOptions;
  signingTime: Date;
  signerDisplayName: string;
  reserveBytes: number;
}

/** Builds every object of the signing update and serializes it with a zeroed /Contents. */
export async function buildSignatureUpdate(input: LayoutInput): Promise<UpdateLayout> {
  const { reader, signingTime } = input;
  const alloc = new ObjectAllocator(reader);
  const sink = new Sink(alloc);
  const rootRef = reader.trailer.get('Root');
  if (!(rootRef instanceof PdfRef)) throw new SignError('SIGN_BAD_INPUT', 'Văn bản PDF không có danh mục gốc.', 'no /Root ref');
  const catalog = (await reader.catalog()).clone();
  let catalogChanged = false;
  const acroRaw = catalog.get('AcroForm');
  const acroForm = ((await reader.resolveDict(acroRaw)) ?? new PdfDict()).clone();
  const fields = await listFields(reader, acroForm);
  const fieldFills = decideFills(input.appearance, fields);
  const a = { ...input.appearance, fieldFills };
  await refuseWhatCertificationForbids(reader, a);
  const font = new CompositeFont();
  const fontResources = new PdfDict();
  let usesFont = false;
  const iso = isoVietnam(signingTime);

  // Where and how big.
  let pageNo = a.page ?? (a.kind === 'attachment' || a.kind === 'copy' ? 1 : -1);
  let rect: Rect | undefined = a.rect !== undefined ? parseRect(a.rect) : undefined;
  let lines: string[] | undefined;
  if (a.kind === 'attachment') {
    if (!a.attachmentText?.numberSymbol) throw new SignError('SIGN_BAD_INPUT', 'Chữ ký trên phụ lục cần số, ký hiệu văn bản.', 'attachmentText missing');
    lines = [`Số, ký hiệu: ${a.attachmentText.numberSymbol}`, `Thời gian ký: ${iso}`];
  } else if (a.kind === 'copy') {
    if (!a.copyInfo?.form || !a.copyInfo.agency) throw new SignError('SIGN_BAD_INPUT', 'Bản sao điện tử cần hình thức sao và tên cơ quan sao.', 'copyInfo missing');
    lines = [a.copyInfo.form, a.copyInfo.agency, `Thời gian ký: ${iso}`];
  } else if (!a.image) {
    lines = [`Ký bởi: ${input.signerDisplayName}`, `Thời gian ký: ${iso}`];
  }
  const block = a.kind === 'signer' && a.signatureBlock?.above.length ? a.signatureBlock : undefined;
  /** Whether the appearance draws the whole block (the draft does not print it). */
  let wholeBlock = Boolean(block && rect);
  if (a.image && (a.kind === 'attachment' || a.kind === 'copy')) {
    throw new SignError('SIGN_BAD_INPUT', 'Chữ ký trên phụ lục/bản sao không dùng hình ảnh.', 'image given for text kind');
  }

  let sealSize: { w: number; h: number } | undefined;
  if (a.kind === 'seal' && a.image) {
    const probe = imageXObject(a.image, { add: () => new PdfRef(0) });
    const wMm = probe.dpiX ? (probe.width / probe.dpiX) * 25.4 : (a.sealWidthMm ?? 40);
    const hMm = probe.dpiY ? (probe.height / probe.dpiY) * 25.4 : (wMm * probe.height) / probe.width;
    sealSize = { w: (wMm / 25.4) * 72, h: (hMm / 25.4) * 72 };
  }
  if (!rect) {
    if (lines && (a.kind === 'attachment' || a.kind === 'copy')) {
      const page = await pageInfo(reader, pageNo);
      rect = topRight(page, textBlockSize(font, lines));
    } else if (a.anchor || a.kind === 'signer') {
      // Above the printed name (the anchor, else the certificate's name) searching from the last
      // page; without one, the usual signature block of the last page.
      const size = sealSize ?? (lines ? textBlockSize(font, lines) : { w: 160, h: 80 });
      const blockSize = block ? signatureBlockSize(font, block, a.image ? null : lines!) : undefined;
      const anchor = a.anchor ?? input.signerDisplayName;
      const found = anchor
        ? await anchorOnPages(reader, anchor, a.page).catch((e: unknown) => {
          if (!a.anchor && (e as { code?: string }).code === 'SIGN_ANCHOR_NOT_FOUND') return undefined;
          throw e;
        })
        : undefined;
      if (found) {
        if (block) await requirePrintedBlock(reader, found.page, block);
        pageNo = found.page.index + 1;
        rect = aboveAnchor(found.page, found.hit, size);
      } else {
        pageNo = a.page ?? -1;
        const page = await pageInfo(reader, pageNo);
        if (block) await refuseOtherSignerBlock(reader, page, block);
        rect = usualBlock(page, blockSize ?? (lines ? size : { w: 200, h: 80 }));
        wholeBlock = Boolean(block);
      }
    } else if (a.kind === 'seal') {
      // Over the leader's signature; without a seal image, a text appearance of the agency's name.
      const leader = await findLeaderSignature(reader, fields);
      pageNo = leader.pageIndex + 1;
      rect = sealRect(toVisualRect(await pageInfo(reader, pageNo), leader.rect), sealSize ?? textBlockSize(font, lines!));
    } else {
      throw new SignError('SIGN_BAD_INPUT', 'Cần chỉ định vùng đặt chữ ký (trang + vùng, hoặc chuỗi neo).', 'no rect/anchor');
    }
  }
  const page = await pageInfo(reader, pageNo);

  // Appearance stream.
  const box = { x: 0, y: 0, w: rect.w, h: rect.h };
  let ap: PdfStream;
  if (block && wholeBlock) {
    ap = signatureBlockAppearance(font, block, box, fontResources, sink, a.image ?? null, a.image ? null : lines!);
    usesFont = true;
  } else if (a.image) ap = imageAppearance(a.image, box, sink);
  else {
    ap = textAppearance(font, lines!, box, fontResources);
    usesFont = true;
  }
  // Everything above is laid out as the page is displayed; /Rect is in default user space.
  const userRect = toUserRect(page, rect);
  const matrix = appearanceMatrix(page);
  if (matrix) ap.dict.set('Matrix', matrix);

  // Signature value dictionary with placeholders; /Contents is last so it can be patched in place.
  const sigDict = new PdfDict()
    .set('Type', name('Sig'))
    .set('Filter', name('Adobe.PPKLite'))
    .set('SubFilter', name('ETSI.CAdES.detached'))
    .set('M', new PdfString(Buffer.from(pdfDate(signingTime), 'latin1')));
  if (a.reason) sigDict.set('Reason', PdfString.fromText(a.reason));
  if (a.location) sigDict.set('Location', PdfString.fromText(a.location));
  const references: PdfDict[] = [];
  if (a.certify) references.push(transformReference('DocMDP', new PdfDict().set('P', a.certify)));
  const lock = a.lockFields ? lockDict(a.lockFields) : undefined;
  if (lock) references.push(transformReference('FieldMDP', lock.clone()));
  if (references.length) sigDict.set('Reference', references);
  sigDict.set('ByteRange', [0, 9999999999, 9999999999, 9999999999]);
  sigDict.set('Contents', new PdfString(Buffer.alloc(input.reserveBytes), true));
  const sigRef = sink.add(sigDict);

  const taken = new Set(fields.map((f) => f.fullName));
  const fieldName = unique(FIELD_BASE[a.kind], taken);
  const apRef = sink.add(ap);
  const widget = new PdfDict()
    .set('Type', name('Annot'))
    .set('Subtype', name('Widget'))
    .set('FT', name('Sig'))
    .set('T', PdfString.fromText(fieldName))
    .set('V', sigRef)
    .set('F', 132) // Print + Locked
    .set('Rect', [userRect.x, userRect.y, userRect.x + userRect.w, userRect.y + userRect.h])
    .set('P', page.ref)
    .set('AP', new PdfDict().set('N', apRef));
  if (lock) widget.set('Lock', lock.clone().set('Type', name('SigFieldLock')));
  const widgetRef = sink.add(widget);

  // Page /Annots gains the widget (and the first page the issue fields).
  const newFields: PdfRef[] = [];
  const addAnnots = async (target: PageInfo, refs: PdfRef[]): Promise<void> => {
    const current = sink.objects.find((o) => o.ref.num === target.ref.num)?.value;
    const dict = current instanceof PdfDict ? current : target.dict;
    const annots = dict.get('Annots');
    if (annots instanceof PdfRef) {
      const pending = sink.objects.find((o) => o.ref.num === annots.num)?.value;
      const arr = pending ?? (await reader.resolve(annots));
      sink.replace(annots, [...(Array.isArray(arr) ? arr : []), ...refs]);
    } else {
      sink.replace(target.ref, dict.clone().set('Annots', [...(Array.isArray(annots) ? annots : []), ...refs]));
    }
  };
  await addAnnots(page, [widgetRef]);
  if (a.issueFields && a.kind === 'signer') {
    const first = await pageInfo(reader, 1);
    const measure = (s: string, size: number): number => font.width(s, size);
    for (const f of await locateIssueFields(reader, first, a.issueFields, measure)) {
      if (taken.has(f.name)) continue;
      newFields.push(sink.add(emptyTextField(f, first.ref, (o) => sink.add(o))));
    }
    if (newFields.length) {
      await addAnnots(first, newFields);
      const dr = ((await reader.resolveDict(acroForm.get('DR'))) ?? new PdfDict()).clone();
      const drFonts = ((await reader.resolveDict(dr.get('Font'))) ?? new PdfDict()).clone();
      if (!drFonts.has('Helv')) {
        drFonts.set('Helv', new PdfDict().set('Type', name('Font')).set('Subtype', name('Type1')).set('BaseFont', name('Helvetica')).set('Encoding', name('WinAnsiEncoding')));
        acroForm.set('DR', dr.set('Font', drFonts));
      }
    }
  }

  // Form fills at issue time, in this same update.
  if (a.fieldFills) {
    for (const [fname, value] of Object.entries(a.fieldFills)) {
      const f = fields.find((x) => x.fullName === fname);
      if (!f || f.type !== 'Tx') throw new SignError('SIGN_FIELD_NOT_FOUND', `Không tìm thấy ô nhập "${fname}" trong văn bản.`, fname);
      fillTextField(f, value, font, fontResources, sink, acroForm);
      usesFont = true;
    }
    acroForm.delete('NeedAppearances');
  }

  acroForm.set('Fields', [...(((await reader.resolve(acroForm.get('Fields'))) as PdfObject[] | null) ?? []), widgetRef, ...newFields]);
  acroForm.set('SigFlags', 3);
  if (acroRaw instanceof PdfRef) sink.replace(acroRaw, acroForm);
  else {
    catalog.set('AcroForm', sink.add(acroForm));
    catalogChanged = true;
  }
  // ETSI.CAdES.detached needs PDF 1.7 + ESIC extension level 2; raise through the catalog only.
  const header = (await reader.source.read(0, 16)).toString('latin1');
  const headerVersion = parseFloat(/%PDF-(\d\.\d)/.exec(header)?.[1] ?? '1.7');
  const catVersion = parseFloat(catalog.name('Version') ?? '0');
  if (Math.max(headerVersion, catVersion) < 1.7) {
    catalog.set('Version', name('1.7'));
    catalogChanged = true;
  }
  const ext = await reader.resolveDict(catalog.get('Extensions'));
  if (!ext?.has('ESIC') && Math.max(headerVersion, catVersion) < 2) {
    catalog.set('Extensions', (ext?.clone() ?? new PdfDict()).set('ESIC', new PdfDict().set('BaseVersion', name('1.7')).set('ExtensionLevel', 2)));
    catalogChanged = true;
  }
  if (a.certify) {
    catalog.set('Perms', new PdfDict().set('DocMDP', sigRef));
    catalogChanged = true;
  }
  if (catalogChanged) sink.replace(rootRef, catalog);

  if (usesFont) for (const [k, v] of font.embed(sink).map) fontResources.set(k, v);

  const last = await reader.source.read(reader.source.size - 1, 1);
  const update = buildIncrementalUpdate(reader, dedupe(sink.objects), alloc, last[0] ?? 0x0a);
  return { ...locatePlaceholders(update.bytes, update.offsets.get(sigRef.num)! - reader.source.size, input.reserveBytes, fieldName), filledFields: Object.keys(fieldFills ?? {}) };
}

function transformReference(method: 'DocMDP' | 'FieldMDP', params: PdfDict): PdfDict {
  return new PdfDict()
    .set('Type', name('SigRef'))
    .set('TransformMethod', name(method))
    .set('TransformParams', params.set('Type', name('TransformParams')).set('V', name('1.2')));
}

function lockDict(fields: 'all' | string[]): PdfDict {
  if (fields === 'all') return new PdfDict().set('Action', name('All'));
  return new PdfDict().set('Action', name('Include')).set('Fields', fields.map((f) => PdfString.fromText(f)));
}

/**
 * What a verifier would call a violation is refused before anything is written: signing a
 * document certified with no changes allowed, certifying an already signed one, filling a field
 * an earlier signature locked.
 */
async function refuseWhatCertificationForbids(reader: PdfReader, a: AppearanceOptions): Promise<void> {
  const last = reader.revisions.length - 1;
  if ((await docMdpLevel(reader, last)) === 1) {
    throw new SignError('SIGN_DOCMDP_FORBIDS', 'Văn bản đã được chứng thực không cho phép bất kỳ thay đổi nào: không thể ký thêm.', 'DocMDP P=1');
  }
  const tree = await walkAcroForm(reader);
  const signed = [...tree.nodes.values()].filter((n) => n.type === 'Sig' && n.dict.has('V'));
  if (a.certify && signed.length) {
    throw new SignError('SIGN_BAD_INPUT', 'Chữ ký chứng thực (DocMDP) phải là chữ ký đầu tiên của văn bản.', 'certify on a signed document');
  }
  if (!a.fieldFills) return;
  const locks = [];
  for (const n of signed) {
    const sig = await reader.resolveDict(n.dict.get('V'));
    if (sig) locks.push(...(await locksOf(reader, sig, n.dict, last)));
  }
  for (const f of Object.keys(a.fieldFills)) {
    if (isLockedBy(locks, f)) throw new SignError('SIGN_FIELD_LOCKED', `Ô "${f}" đã bị khoá bởi một chữ ký trước đó: không thể điền.`, f);
  }
}

/** Whether `text` is printed on the page (anchor search: whitespace-, case- and diacritic-insensitive). */
async function printedOn(reader: PdfReader, page: PageInfo, text: string): Promise<boolean> {
  return findAnchor(reader, page, text).then(
    () => true,
    (e: unknown) => {
      if ((e as { code?: string }).code === 'SIGN_ANCHOR_NOT_FOUND') return false;
      throw e;
    },
  );
}

/**
 * A draft printing the signer's name carries its own signature block: signing on behalf, it must
 * print the authority and title lines (e.g. "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") on that page too.
 */
async function requirePrintedBlock(reader: PdfReader, page: PageInfo, block: SignatureBlockText): Promise<void> {
  for (const line of block.above) {
    if (await printedOn(reader, page, line)) continue;
    throw new SignError(
      'SIGN_BLOCK_MISMATCH',
      `Dự thảo in tên người ký ${block.name} nhưng khối chữ ký thiếu dòng "${line}" (ký thay theo Nghị định 30/2020): sửa khối chữ ký của dự thảo, hoặc bỏ tên người ký để hệ thống in cả khối khi ký.`,
      `printed block lacks "${line}"`,
    );
  }
}

/** The whole block goes where the draft laid out its signature: not over another signer's printed block. */
async function refuseOtherSignerBlock(reader: PdfReader, page: PageInfo, block: SignatureBlockText): Promise<void> {
  for (const other of block.notPrinted ?? []) {
    if (!(await printedOn(reader, page, other))) continue;
    throw new SignError(
      'SIGN_BLOCK_MISMATCH',
      `Dự thảo in khối chữ ký của ${other}, không phải của người ký ${block.name}: sửa khối chữ ký của dự thảo (Nghị định 30/2020) trước khi ký thay.`,
      `draft prints "${other}"`,
    );
  }
}

/** The anchor on the given page, or on any page searching from the last (signature blocks end documents). */
async function anchorOnPages(reader: PdfReader, anchor: string, page?: number): Promise<{ page: PageInfo; hit: AnchorHit }> {
  if (page !== undefined) {
    const p = await pageInfo(reader, page);
    return { page: p, hit: await findAnchor(reader, p, anchor) };
  }
  const count = (await reader.pages()).length;
  let lastError: unknown;
  for (let n = count; n >= 1; n--) {
    const p = await pageInfo(reader, n);
    try {
      return { page: p, hit: await findAnchor(reader, p, anchor) };
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError ?? new SignError('SIGN_ANCHOR_NOT_FOUND', `Không tìm thấy chuỗi neo "${anchor}" trong văn bản.`, anchor);
}

/** Later writes of the same object win (e.g. a page both annotated and filled). */
function dedupe(objs: UpdateObject[]): UpdateObject[] {
  const byNum = new Map<number, UpdateObject>();
  for (const o of objs) byNum.set(o.ref.num, o);
  return [...byNum.values()];
}

function fillTextField(f: FormField, value: string, font: CompositeFont, fonts: PdfDict, sink: Sink, acroForm: PdfDict): void {
  const fieldDict = f.dict.clone().set('V', PdfString.fromText(value));
  const da = f.dict.get('DA') ?? acroForm.get('DA');
  const size = daFontSize(da, 12);
  const updates = new Map<number, PdfDict>([[f.ref.num, fieldDict]]);
  for (const w of f.widgets) {
    const wd = updates.get(w.ref.num) ?? w.dict.clone();
    const r = wd.get('Rect');
    const [x1, y1, x2, y2] = Array.isArray(r) && r.length === 4 ? (r as number[]) : [0, 0, 100, 20];
    const bw = Math.abs(x2 - x1);
    const bh = Math.abs(y2 - y1);
    // A field laid over a printed blank paints its background so the blank's dots do not show through.
    const mk = wd.get('MK');
    const bg = mk instanceof PdfDict && Array.isArray(mk.get('BG')) && (mk.get('BG') as PdfObject[]).length === 1 ? 'q 1 g 0 0 ' + `${bw} ${bh} re f Q ` : '';
    const content = `/Tx BMC ${bg}q ${textOperators(font, [value], 2, bh / 2 + size / 2, size)} Q EMC`;
    wd.set('AP', new PdfDict().set('N', sink.add(formXObject(bw, bh, new PdfDict().set('Font', fonts), content))));
    updates.set(w.ref.num, wd);
  }
  for (const [num, d] of updates) {
    const ref = num === f.ref.num ? f.ref : f.widgets.find((w) => w.ref.num === num)!.ref;
    sink.replace(ref, d);
  }
}

function locatePlaceholders(bytes: Buffer, sigObjAt: number, reserve: number, fieldName: string): Omit<UpdateLayout, 'filledFields'> {
  const br = bytes.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, sigObjAt, 'latin1');
  const ct = bytes.indexOf('/Contents <', br, 'latin1');
  if (br < 0 || ct < 0) throw new Error('signature placeholders not found in the update');
  return {
    bytes,
    byteRangeAt: br + '/ByteRange '.length,
    byteRangeLength: BYTE_RANGE_PLACEHOLDER.length,
    contentsAt: ct + '/Contents '.length,
    contentsLength: reserve * 2 + 2,
    fieldName,
  };
}
