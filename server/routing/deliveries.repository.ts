import type { Knex } from 'knex';
import type { DeliveryStatus } from './delivery-codes';

export interface DeliveryRow {
  id: string;
  document_id: string;
  sender_org_id: string;
  recipient_org_id: string;
  recipient_document_id: string | null;
  status: DeliveryStatus;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export async function insertDelivery(db: Knex, row: Omit<DeliveryRow, 'created_at' | 'updated_at'>): Promise<DeliveryRow> {
  const [inserted] = await db<DeliveryRow>('deliveries').insert(row).returning('*');
  return inserted;
}

export const findDelivery = (db: Knex, id: string): Promise<DeliveryRow | undefined> => db<DeliveryRow>('deliveries').where({ id }).first();

export async function updateDeliveryStatus(db: Knex, id: string, status: DeliveryStatus, reason: string | null): Promise<DeliveryRow> {
  const [row] = await db<DeliveryRow>('deliveries').where({ id }).update({ status, reason, updated_at: new Date() }).returning('*');
  return row;
}

export async function insertDeliveryEvent(db: Knex, row: { delivery_id: string; status: DeliveryStatus; actor_id: string | null; reason: string | null }): Promise<void> {
  await db('delivery_events').insert(row);
}

export const listDeliveriesOf = (db: Knex, documentId: string) =>
  db('deliveries as d')
    .join('organizations as o', 'o.id', 'd.recipient_org_id')
    .where({ 'd.document_id': documentId })
    .orderBy('o.code')
    .select('d.*', 'o.code as org_code', 'o.name as org_name');

export const listDeliveryEvents = (db: Knex, deliveryIds: string[]) =>
  db('delivery_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .whereIn('e.delivery_id', deliveryIds)
    .orderBy('e.id')
    .select('e.delivery_id', 'e.status', 'e.reason', 'e.at', 'u.full_name as actor_name');

export const findDeliveryTo = (db: Knex, documentId: string, recipientOrgId: string): Promise<DeliveryRow | undefined> =>
  db<DeliveryRow>('deliveries').where({ document_id: documentId, recipient_org_id: recipientOrgId }).first();
