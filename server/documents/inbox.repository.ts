import type { Knex } from 'knex';
import { fromStates } from '../shared/transitions';
import { incomingTable, outgoingTable } from '../document-core/document-workflow';
import type { DocumentRow } from '../document-core/documents.repository';

// Each inbox section lists the documents in the states its action starts from (the workflow tables).
const waitingFor = {
  accept: fromStates(incomingTable, 'accept'),
  submitIncoming: fromStates(incomingTable, 'submit'),
  recallAnswer: fromStates(incomingTable, 'recall_accept'),
  direct: fromStates(incomingTable, 'direct'),
  sign: fromStates(outgoingTable, 'sign'),
  submitDraft: fromStates(outgoingTable, 'submit'),
};

const docs = (db: Knex) => db<DocumentRow>('documents');

export const pendingElectronic = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'incoming' }).whereIn('status', waitingFor.accept).orderBy('created_at', 'desc');
export const registeredNotSubmitted = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'incoming' }).whereIn('status', waitingFor.submitIncoming).orderBy('arrival_at', 'desc');
// Signed documents (and numbered ones whose issue did not finish): a secret one (issued once approved, no file) is issued from its register on paper.
export const readyToIssue = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'outgoing' }).whereIn('status', ['signed', 'issuing']).orderBy('signed_at', 'desc');
export const withdrawnCopies = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'incoming' }).whereIn('status', waitingFor.recallAnswer).orderBy('updated_at', 'desc');
export const awaitingDirection = (db: Knex, leaderId: string) => docs(db).where({ leader_id: leaderId, direction: 'incoming' }).whereIn('status', waitingFor.direct).orderBy('updated_at', 'desc');
export const awaitingSignature = (db: Knex, leaderId: string) => docs(db).where({ leader_id: leaderId, direction: 'outgoing' }).whereIn('status', waitingFor.sign).orderBy('updated_at', 'desc');
export const myDrafts = (db: Knex, userId: string) => docs(db).where({ created_by: userId, direction: 'outgoing' }).whereIn('status', waitingFor.submitDraft).orderBy('updated_at', 'desc');
export const findDocumentsByIds = (db: Knex, ids: string[]) => docs(db).whereIn('id', ids);
export const internalForMe = (db: Knex, userId: string) =>
  docs(db).join('internal_deliveries as i', 'i.document_id', 'documents.id').where({ 'i.user_id': userId }).whereNull('i.acknowledged_at').orderBy('i.created_at', 'desc').select('documents.*');
