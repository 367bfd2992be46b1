import type { Knex } from 'knex';
import type { DocumentRow } from './documents.repository';

const docs = (db: Knex) => db<DocumentRow>('documents');

export const pendingElectronic = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'incoming', status: 'pending' }).orderBy('created_at', 'desc');
export const registeredNotSubmitted = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'incoming', status: 'registered' }).orderBy('arrival_at', 'desc');
export const readyToIssue = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'outgoing', status: 'signed' }).orderBy('signed_at', 'desc');
export const withdrawnCopies = (db: Knex, orgId: string) => docs(db).where({ organization_id: orgId, direction: 'incoming', status: 'withdrawn' }).orderBy('updated_at', 'desc');
export const awaitingDirection = (db: Knex, leaderId: string) => docs(db).where({ leader_id: leaderId, direction: 'incoming', status: 'submitted' }).orderBy('updated_at', 'desc');
export const awaitingSignature = (db: Knex, leaderId: string) => docs(db).where({ leader_id: leaderId, direction: 'outgoing' }).whereIn('status', ['submitted', 'approved']).orderBy('updated_at', 'desc');
export const myDrafts = (db: Knex, userId: string) => docs(db).where({ created_by: userId, direction: 'outgoing' }).whereIn('status', ['draft', 'returned']).orderBy('updated_at', 'desc');
export const findDocumentsByIds = (db: Knex, ids: string[]) => docs(db).whereIn('id', ids);
export const internalForMe = (db: Knex, userId: string) =>
  docs(db).join('internal_deliveries as i', 'i.document_id', 'documents.id').where({ 'i.user_id': userId }).whereNull('i.acknowledged_at').orderBy('i.created_at', 'desc').select('documents.*');
