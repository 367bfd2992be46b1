export * from './edxml-error';
export * from './edxml-model';
export { readEdxml, parseEdxmlDate, safeAttachmentName, DEFAULT_LIMITS, type EdxmlMessage, type ReadLimits, type ReceivedAttachment } from './read-edxml';
export { writeEdxmlPackage, statusMessageXml, type OutgoingAttachment } from './write-edxml';
