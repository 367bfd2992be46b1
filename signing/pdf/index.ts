/** Low-level, random-access PDF reading and incremental writing. */
export { PdfError, type PdfErrorCode } from './errors';
export { type PdfSource, openFileSource, bufferSource } from './source';
export { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfArray, type PdfObject, name, isDict } from './objects';
export { PdfReader, type PdfRevision, type ResolveOptions } from './reader';
export { type XrefEntry, type XrefKind } from './xref';
export { serialize, serializeIndirect, formatNumber } from './serialize';
export { decodeStreamData } from './filters';
export { buildIncrementalUpdate, ObjectAllocator, type UpdateObject, type IncrementalUpdate } from './incremental';
export { walkAcroForm, FORM_LIMITS, type AcroFormTree, type FormNode, type FormField } from './acroform';
