import { verifyAuditChain } from '../../../server/audit/verify-audit-chain';
import type { StoredNotification } from '../../../server/realtime/notifications.repository';
import { randomUUID } from 'node:crypto';
import { insertDeliveredCopies, lockDocumentForDelivery } from '../../../server/routing/deliveries.repository';
import { saveDocumentText } from '../../../server/search/document-texts.repository';
import { DELIVER_JOB, deliverJobHandler, deliveryJobPrefix, FANOUT_BATCH } from '../../../server/routing/delivery-jobs';
import { enqueueDeliveries } from '../../../server/exchange/queue-packages';
import { seedManyCommunes, type ManyCommunes } from '../../../server/seed/seed-many-communes';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN } from '../../helpers/signing-setup';
import { DEMO_PASSWORD } from '../../helpers/test-server';
import { connectInbox, type InboxClient } from '../realtime/realtime-client';

const RECIPIENTS = 1000;
const SOCKETS = 40;

const count = async (q: PromiseLike<{ n: string | number }[]>) => Number((await q)[0].n);

/**
 * A provincial committee issues one document to a thousand communes: every commune gets exactly one
 * copy and its clerk exactly one `inbox:new`, however the deliveries are retried.
 */
describe('issue to a thousand agencies', () => {
  let w: DemoWorld;
  let communes: ManyCommunes;
  const pushed: StoredNotification[] = [];
  const sockets: InboxClient[] = [];

  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
    communes = await seedManyCommunes(w.t.database.db, { parentCode: ORG.province, count: RECIPIENTS, codePrefix: 'H06.TT', usernamePrefix: 'vanthu.tt', password: DEMO_PASSWORD, kdfLogN: 10 });
    w.t.vanban.publisher.subscribe((batch) => pushed.push(...batch));
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await w.t.stop();
  });

  async function signedDraft(subject: string, recipients: string[]): Promise<string> {
    const official = await w.as('chuyenvien.tinh');
    const leader = await w.as('lanhdao.tinh');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const draft = await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: subject }), { docType: 'QĐ', subject, recipients }));
    if (draft.status !== 201) throw new Error(JSON.stringify(draft.body));
    await official.post(`/documents/${draft.body.id}/submit`, { leaderId: leader.userId });
    const signed = await leader.post(`/documents/${draft.body.id}/sign`, { pin: DEMO_PIN });
    if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
    return draft.body.id;
  }

  it('delivers one copy and one inbox:new to each of 1,000 recipients, on sockets too, with the sender timeline per recipient', async () => {
    const db = w.t.database.db;
    // A sample of the recipient clerks listens on real sockets.
    for (const clerk of communes.clerks.filter((_, i) => i % (RECIPIENTS / SOCKETS) === 0)) {
      const api = await w.anon.login(clerk.username, DEMO_PASSWORD);
      sockets.push(await connectInbox(w.t.url, api.token!));
    }
    const codes = communes.organizations.map((o) => o.code);
    const id = await signedDraft('QUYẾT ĐỊNH gửi toàn bộ xã trong tỉnh', codes);
    const before = pushed.length;
    const clerk = await w.as('vanthu.tinh');
    const issued = await clerk.post(`/documents/${id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.deliveries).toHaveLength(RECIPIENTS);
    // Arrived, or still being sent when the background worker took a batch while the request ran its own.
    expect(issued.body.deliveries.every((d: { status: string | null }) => d.status === '01' || d.status === null)).toBe(true);
    // Two batches, each its own job, both done.
    const queued = () => db('jobs').where('unique_key', 'like', `${deliveryJobPrefix(id)}%`);
    for (let waited = 0; (await queued().whereNull('done_at')).length > 0 && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    const jobs = await queued();
    expect(jobs).toHaveLength(Math.ceil(RECIPIENTS / FANOUT_BATCH));
    expect(jobs.every((j) => j.done_at !== null && j.last_error === null)).toBe(true);

    // Exactly one copy per recipient, each its own incoming document referencing the one issued file.
    const sender = await db('documents').where({ id }).first();
    const copies = await db('documents').whereIn('source_delivery_id', db('deliveries').where({ document_id: id }).select('id'));
    expect(copies).toHaveLength(RECIPIENTS);
    expect(new Set(copies.map((c) => c.organization_id)).size).toBe(RECIPIENTS);
    expect(new Set(copies.map((c) => c.organization_id))).toEqual(new Set(communes.organizations.map((o) => o.id)));
    expect(copies.every((c) => c.file_key === sender.file_key && c.status === 'pending' && c.symbol === sender.symbol && c.verification.valid === true)).toBe(true);
    expect(await count(db('document_versions').whereIn('document_id', copies.map((c) => c.id)).count({ n: '*' }))).toBe(RECIPIENTS);
    // The searchable text is computed once for all copies (migration 021): each must equal what the trigger computes for it.
    const searchable = await db('documents')
      .whereIn('id', copies.map((c) => c.id))
      .select(db.raw(`count(*) FILTER (WHERE search_tsv IS NOT NULL AND search_tsv = vanban_document_tsv(id, symbol, subject, issuer_name, recipient_codes, signed_by, file_key, return_reason)) AS same`))
      .first();
    expect(Number(searchable.same)).toBe(RECIPIENTS);
    // The issued file's text arrives after (a job copies the draft's): appended to every copy (migration 022), the result
    // must still be what recomputing gives, and must contain the page text.
    const texts = () => db('document_texts').where({ file_key: sender.file_key, state: 'text' });
    for (let waited = 0; (await texts()).length === 0 && waited < 60_000; waited += 100) {
      await w.t.vanban.jobs.drain();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await texts()).toHaveLength(1);
    const withText = await db('documents')
      .whereIn('id', [id, ...copies.map((c) => c.id)])
      .select(
        db.raw(`count(*) FILTER (WHERE search_tsv = vanban_document_tsv(id, symbol, subject, issuer_name, recipient_codes, signed_by, file_key, return_reason)) AS same`),
        db.raw(`count(*) FILTER (WHERE search_tsv @@ plainto_tsquery('vanban_vi', 'thử nghiệm')) AS found`),
      )
      .first();
    expect([Number(withText.same), Number(withText.found)]).toEqual([RECIPIENTS + 1, RECIPIENTS + 1]);

    // Exactly one inbox:new per recipient clerk, about its own copy — stored, and pushed once.
    const copyOf = new Map(copies.map((c) => [c.organization_id, c.id]));
    const stored = await db('notifications').whereIn('user_id', communes.clerks.map((c) => c.id)).where({ type: 'inbox:new' });
    expect(stored).toHaveLength(RECIPIENTS);
    const storedByUser = new Map(stored.map((n) => [n.user_id, n]));
    for (const c of communes.clerks) expect(storedByUser.get(c.id)?.payload).toEqual({ documentId: copyOf.get(c.organizationId), subject: sender.subject, symbol: sender.symbol, reason: 'arrived' });
    const pushedInbox = pushed.slice(before).filter((n) => n.type === 'inbox:new');
    expect(pushedInbox).toHaveLength(RECIPIENTS);
    expect(new Set(pushedInbox.map((n) => n.userId)).size).toBe(RECIPIENTS);
    for (const s of sockets) await s.waitForEvents(1, 30_000);
    for (const [i, s] of sockets.entries()) {
      const clerkOfSocket = communes.clerks[i * (RECIPIENTS / SOCKETS)];
      expect(s.events.map((e) => [e.type, e.payload.documentId])).toEqual([['inbox:new', copyOf.get(clerkOfSocket.organizationId)]]);
    }

    // The sender's people hear of each recipient once, in one report per batch; the timeline is per recipient.
    const reports = await db('notifications').where({ user_id: sender.issued_by, type: 'document:delivered' }).whereRaw("payload->>'documentId' = ?", [id]);
    expect(reports).toHaveLength(Math.ceil(RECIPIENTS / FANOUT_BATCH));
    const reported = reports.flatMap((n) => n.payload.deliveries as { deliveryId: string; orgCode: string }[]);
    expect(reported).toHaveLength(RECIPIENTS);
    expect(new Set(reported.map((d) => d.orgCode))).toEqual(new Set(communes.organizations.map((o) => o.code)));
    const deliveryIds = new Set((await db('deliveries').where({ document_id: id }).select('id')).map((d) => d.id));
    expect(reported.every((d) => deliveryIds.has(d.deliveryId))).toBe(true);
    expect(reports.every((n) => n.payload.status === '01')).toBe(true);
    expect(await count(db('notifications').where({ user_id: sender.issued_by, type: 'document:status' }).whereRaw("payload->>'documentId' = ?", [id]).count({ n: '*' }))).toBe(0);
    const detail = (await clerk.get(`/documents/${id}`)).body;
    expect(detail.deliveries).toHaveLength(RECIPIENTS);
    expect(detail.deliveries.every((d: { timeline: { status: string }[] }) => d.timeline.length === 1 && d.timeline[0].status === '01')).toBe(true);
    expect(await count(db('audit_events').where({ action: 'delivery.arrive' }).whereIn('object_id', copies.map((c) => c.id)).count({ n: '*' }))).toBe(RECIPIENTS);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    // A recipient's clerk finds the copy in the waiting list and can take it in.
    const first = communes.clerks[0];
    const firstClerk = await w.anon.login(first.username, DEMO_PASSWORD);
    const waiting = (await firstClerk.get('/inbox')).body.items.filter((i: { section: string; document: { id: string } }) => i.section === 'pending_electronic');
    expect(waiting.map((i: { document: { id: string } }) => i.document.id)).toEqual([copyOf.get(first.organizationId)]);
    expect((await firstClerk.post(`/documents/${copyOf.get(first.organizationId)}/accept`)).status).toBe(200);
  }, 300_000);

  it('stays exactly once when batches are re-run, re-queued, run twice at once, or overlap', async () => {
    const db = w.t.database.db;
    const orgs = communes.organizations.slice(0, 30);
    const clerkIds = communes.clerks.slice(0, 30).map((c) => c.id);
    const id = await signedDraft('QUYẾT ĐỊNH giao lại nhiều lần', []);
    const clerk = await w.as('vanthu.tinh');
    // Issued with no electronic recipients; the deliveries are then driven by hand, as a crashed instance would leave them.
    expect((await clerk.post(`/documents/${id}/issue`)).status).toBe(200);
    const handler = deliverJobHandler(w.t.vanban.workflow);
    const run = (recipientOrgIds: string[]) => handler({ id: '0', kind: DELIVER_JOB, unique_key: null, run_at: new Date(), attempts: 1, payload: { documentId: id, recipientOrgIds, actorId: null } });
    const notesBefore = await count(db('notifications').whereIn('user_id', clerkIds).count({ n: '*' }));

    await run(orgs.slice(0, 5).map((o) => o.id));
    // The same batch again (a worker died before marking it done), and an overlapping one twice at once.
    await run(orgs.slice(0, 5).map((o) => o.id));
    await Promise.all([run(orgs.slice(0, 20).map((o) => o.id)), run(orgs.slice(0, 20).map((o) => o.id))]);
    // Queued twice in the same shape: the second enqueue is a no-op; the worker runs what is due.
    await db.transaction((trx) => enqueueDeliveries(trx, id, orgs.map((o) => o.id), null));
    await db.transaction((trx) => enqueueDeliveries(trx, id, orgs.map((o) => o.id), null));
    expect(await count(db('jobs').where('unique_key', 'like', `${deliveryJobPrefix(id)}%`).count({ n: '*' }))).toBe(1);
    await w.t.vanban.jobs.runMatching(deliveryJobPrefix(id));

    const deliveries = await db('deliveries').where({ document_id: id });
    expect(deliveries).toHaveLength(30);
    expect(new Set(deliveries.map((d) => d.recipient_org_id))).toEqual(new Set(orgs.map((o) => o.id)));
    expect(await count(db('documents').whereIn('source_delivery_id', deliveries.map((d) => d.id)).count({ n: '*' }))).toBe(30);
    expect(await count(db('delivery_events').whereIn('delivery_id', deliveries.map((d) => d.id)).count({ n: '*' }))).toBe(30);
    expect(await count(db('notifications').whereIn('user_id', clerkIds).count({ n: '*' }))).toBe(notesBefore + 30);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  }, 180_000);

  it('gives copies the file\'s text when it arrives while their batch is being written', async () => {
    const db = w.t.database.db;
    const id = await signedDraft('QUYẾT ĐỊNH nội dung đến giữa chừng', []);
    const clerk = await w.as('vanthu.tinh');
    expect((await clerk.post(`/documents/${id}/issue`)).status).toBe(200);
    const sender = await db('documents').where({ id }).first();
    const texts = () => db('document_texts').where({ file_key: sender.file_key, state: 'text' });
    for (let waited = 0; (await texts()).length === 0 && waited < 60_000; waited += 100) {
      await w.t.vanban.jobs.drain();
      await new Promise((r) => setTimeout(r, 100));
    }
    // The text is taken away and arrives again between the batch's insert and its commit.
    const [text] = await texts();
    await db('document_texts').where({ file_key: sender.file_key }).delete();
    const orgs = communes.organizations.slice(100, 103);
    let arrived = false;
    let arriving: Promise<void> = Promise.resolve();
    const copies = await db.transaction(async (trx) => {
      expect(await lockDocumentForDelivery(trx, id, '0')).toBeDefined();
      const written = await insertDeliveredCopies(trx, {
        senderDocumentId: id, senderOrgId: sender.organization_id, issuerName: 'UBND tỉnh', issuerCode: null, fileKey: sender.file_key,
        fileName: sender.file_name, fileSize: 1, verification: null, versionNote: 'thử', actorId: null, status: '01',
      }, orgs.map((o) => ({ recipientOrgId: o.id, copyId: randomUUID(), versionId: randomUUID(), deliveryId: randomUUID() })));
      arriving = saveDocumentText(db, sender.file_key, 'text', text.content, text.pages).then(() => {
        arrived = true;
      });
      await new Promise((r) => setTimeout(r, 500));
      // The text's refresh waits for this batch: it could not see the copies before they commit.
      expect(arrived).toBe(false);
      return written;
    });
    await arriving;
    const found = await db('documents')
      .whereIn('id', copies.map((c) => c.copyId))
      .select(
        db.raw(`count(*) FILTER (WHERE search_tsv = vanban_document_tsv(id, symbol, subject, issuer_name, recipient_codes, signed_by, file_key, return_reason)) AS same`),
        db.raw(`count(*) FILTER (WHERE search_tsv @@ plainto_tsquery('vanban_vi', 'thử nghiệm')) AS found`),
      )
      .first();
    expect([Number(found.same), Number(found.found)]).toEqual([3, 3]);
  }, 120_000);

  it('sends nothing for a document recalled before its queued copies went out', async () => {
    const db = w.t.database.db;
    const id = await signedDraft('QUYẾT ĐỊNH thu hồi trước khi gửi', []);
    const clerk = await w.as('vanthu.tinh');
    expect((await clerk.post(`/documents/${id}/issue`)).status).toBe(200);
    await db.transaction((trx) => enqueueDeliveries(trx, id, communes.organizations.slice(0, 10).map((o) => o.id), null));
    expect((await clerk.post(`/documents/${id}/recall`, { reason: 'Sai nơi nhận' })).status).toBe(200);
    await w.t.vanban.jobs.runMatching(deliveryJobPrefix(id));
    expect(await count(db('deliveries').where({ document_id: id }).count({ n: '*' }))).toBe(0);
  }, 120_000);
});
