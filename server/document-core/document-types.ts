import { docTypeSchema, SECRECIES, secrecyNames, statusNames, URGENCIES, urgencyNames, type DocumentStatus, type Secrecy, type Urgency } from '../contract/codes';

export { docTypeSchema, SECRECIES, secrecyNames, statusNames, URGENCIES, urgencyNames, type DocumentStatus, type Secrecy, type Urgency };

/** edXML Priority (QCVN 102): 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc. */
export const urgencyPriority: Record<Urgency, number> = { normal: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 };

