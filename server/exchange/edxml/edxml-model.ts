/** The namespace of QCVN 102:2016 (edXML). */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export interface OrganInfo {
  organId: string;
  organizationInCharge?: string;
  organName: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface ResponseFor {
  organId: string;
  code: string;
  promulgationDate?: string;
  documentId: string;
}

/** `BussinessDocType`: 0 new, 1 revoke (thu hồi), 2 update, 3 replace. */
export type BusinessDocType = 0 | 1 | 2 | 3;

export interface Business {
  docType: BusinessDocType;
  reason?: string;
  /** Documents this one revokes, updates or replaces (their DocumentIds). */
  replacements: string[];
}

export interface TraceHeader {
  organId: string;
  timestamp: string;
}

export interface MessageHeader {
  from: OrganInfo;
  to: OrganInfo[];
  /** `<sender code>,<yyyy/MM/dd>,<number>/<notation>` */
  documentId: string;
  codeNumber: string;
  codeNotation: string;
  place?: string;
  /** ISO date (yyyy-mm-dd); written as yyyy/MM/dd. */
  promulgationDate: string;
  type?: string;
  typeDetail?: string;
  typeName?: string;
  subject: string;
  content?: string;
  signer?: { competence?: string; position?: string; fullName?: string };
  dueDate?: string;
  toPlaces: string[];
  /** 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
  priority: number;
  sphereOfPromulgation?: string;
  typerNotation?: string;
  promulgationAmount?: number;
  pageAmount?: number;
  steeringType?: string;
  responseFor: ResponseFor[];
}

export interface AttachmentReference {
  contentId: string;
  contentType: string;
  attachmentName: string;
  description?: string;
}

export interface EdxmlHeader {
  message: MessageHeader;
  business: Business;
  traces: TraceHeader[];
  references: AttachmentReference[];
}

/** A status message (`Status`) sent back by a receiver. */
export interface StatusMessage {
  responseFor: ResponseFor;
  from: OrganInfo;
  statusCode: string;
  description: string;
  /** ISO timestamp. */
  timestamp: string;
  staff?: { department?: string; staff?: string; email?: string; mobile?: string };
}

export const STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;

/** `000.00.00.H53,2026/12/01,07/QĐ-UBND` */
export function formatDocumentId(senderCode: string, isoDate: string, codeNumber: string, codeNotation: string): string {
  return `${senderCode},${isoDate.replaceAll('-', '/')},${codeNumber}/${codeNotation}`;
}
