import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN } from '../../helpers/signing-setup';
import { finishIssueJobKey } from '../../../server/documents/finish-issue';

jest.setTimeout(240_000);

/**
 * Issuing takes the number in one transaction and seals in a second (finish-issue.ts). A request that stops between
 * the two leaves a numbered document `issuing`: its job, or the clerk issuing again, finishes it with that number.
 */
describe('issue in two steps', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
    await equipForSigning(w, [{ leader: 'lanhdao.xuanlai', orgCode: ORG.communeXuanLai }]);
  });
  afterAll(() => w.t.stop());

  const db = () => w.t.database.db;

  async function signedDraft(subject: string, withFields = true): Promise<string> {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields, signerName: 'Vương Văn Lực' }), { docType: 'TB', subject, recipients: [ORG.districtGiaBinh] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN })).body.status).toBe('signed');
    return draft.id as string;
  }

  /** The next seal fails as if the process died while sealing: the first step has committed, the second never does. */
  function failNextSeal(): void {
    const signing = w.t.vanban.workflow.signing;
    const real = signing.sealAndVerify;
    signing.sealAndVerify = async () => {
      signing.sealAndVerify = real;
      throw new Error('simulated crash while sealing');
    };
  }

  async function interruptedIssue(subject: string): Promise<{ id: string; number: number }> {
    const clerk = await w.as('vanthu.xuanlai');
    const id = await signedDraft(subject);
    failNextSeal();
    const failed = await clerk.post(`/documents/${id}/issue`);
    expect(failed.status).toBe(500);
    const view = (await clerk.get(`/documents/${id}`)).body;
    expect([view.document.status, view.document.statusText]).toEqual(['issuing', 'Đang ban hành']);
    expect(view.document.number).toEqual(expect.any(Number));
    // The clerk sees how to finish it; the register's counter stands at its number (no gap, no second number).
    expect(view.document.allowedActions.map((a: { action: string; label: string }) => [a.action, a.label])).toContainEqual(['issue', 'Hoàn tất phát hành']);
    const row = await db()('documents').where({ id }).first();
    expect((await db()('register_counters').where({ register_id: row.register_id, year: row.register_year }).first()).last_number).toBe(row.number);
    const inbox = (await clerk.get('/inbox')).body;
    expect(JSON.stringify(inbox)).toContain(id);
    return { id, number: row.number };
  }

  async function expectIssuedOnce(id: string, number: number): Promise<void> {
    const doc = await db()('documents').where({ id }).first();
    expect([doc.status, doc.number]).toEqual(['issued', number]);
    expect(doc.symbol).toMatch(new RegExp(`^${String(number).padStart(2, '0')}/TB-`));
    const versions = await db()('document_versions').where({ document_id: id, kind: 'issued' });
    expect(versions.map((v) => v.file_key)).toEqual([doc.file_key]);
    expect(doc.verification.valid).toBe(true);
    expect((await db()('register_counters').where({ register_id: doc.register_id, year: doc.register_year }).first()).last_number).toBe(number);
    const audit = await db()('audit_events').where({ object_id: id }).whereIn('action', ['document.number', 'document.issue']).orderBy('id').select('action');
    expect(audit.map((a) => a.action)).toEqual(['document.number', 'document.issue']);
    const job = await db()('jobs').where({ unique_key: finishIssueJobKey(id) }).first();
    expect(job.done_at).not.toBeNull();
  }

  it('a request that stops after the number leaves the document to its job, which seals and sends it with that number', async () => {
    const { id, number } = await interruptedIssue('Thông báo dừng giữa chừng');
    // Not due before a worker's lease has passed (the request might still be sealing): draining now runs nothing of it.
    await w.t.vanban.jobs.drain();
    expect((await db()('documents').where({ id }).first()).status).toBe('issuing');
    await db()('jobs').where({ unique_key: finishIssueJobKey(id) }).update({ run_at: new Date(Date.now() - 1000) });
    await w.t.vanban.jobs.drain();
    await expectIssuedOnce(id, number);
    const deliveries = await db()('deliveries').where({ document_id: id });
    expect(deliveries).toHaveLength(1);
    expect(Number((await db()('documents').where({ source_delivery_id: deliveries[0].id }).count({ n: '*' }).first())!.n)).toBe(1);
  });

  it('the clerk finishes an interrupted issue at once, with its number; the job then has nothing left to do', async () => {
    const { id, number } = await interruptedIssue('Thông báo phát hành lại');
    const clerk = await w.as('vanthu.xuanlai');
    const finished = await clerk.post(`/documents/${id}/issue`);
    expect(finished.status).toBe(200);
    expect([finished.body.status, finished.body.number]).toEqual(['issued', number]);
    await expectIssuedOnce(id, number);
    // A second issue of an issued document is refused by the workflow, and takes no number.
    expect((await clerk.post(`/documents/${id}/issue`)).status).toBe(409);
    await expectIssuedOnce(id, number);
  });

  it('fills the draft\'s number and date fields, and says so when the draft has neither', async () => {
    const clerk = await w.as('vanthu.xuanlai');
    const fielded = await clerk.post(`/documents/${await signedDraft('Thông báo có ô số và ngày')}/issue`);
    expect([fielded.status, fielded.body.warnings]).toEqual([200, []]);
    const plain = await clerk.post(`/documents/${await signedDraft('Thông báo không có ô số và ngày', false)}/issue`);
    expect(plain.status).toBe(200);
    expect(plain.body.warnings).toEqual(['Dự thảo không có trường số, ký hiệu hoặc ngày ban hành: số và ngày chỉ ghi trong sổ và trong lý do của chữ ký cơ quan']);
    expect(plain.body.status).toBe('issued');
  });
});
