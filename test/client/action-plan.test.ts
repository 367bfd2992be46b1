import { planActions } from '../../client/src/document/action-plan';
import { documentContext, outgoingTable, type DocumentContext, type DocumentSubject } from '../../server/document-core/document-workflow';
import type { DocumentStatus } from '../../server/document-core/document-types';
import { allowedActions, type TransitionTable } from '../../server/shared/transitions';

// The client renders exactly the actions the server allows (ActionsPanel maps `planActions` to buttons and forms).
const leader = { userId: 'u-leader', roles: ['leader' as const] };
const submitted: DocumentSubject = { direction: 'outgoing', status: 'submitted', leader_id: 'u-leader', created_by: 'u-drafter', file_key: 'k', secrecy: 'normal' };

describe('the client offers what the workflow table allows', () => {
  it('maps the known actions to their forms', () => {
    const plan = planActions(allowedActions(outgoingTable, documentContext(submitted, leader)));
    expect(plan.map((p) => [p.action, p.label, p.form.kind])).toEqual([
      ['sign', 'Ký số', 'sign'],
      ['approve', 'Duyệt', 'post'],
      ['return', 'Trả lại, yêu cầu sửa', 'reason'],
    ]);
  });

  it('offers a step added to a copy of the table without any client change', () => {
    // A legal review before signing: one row in the table (and one operation file on the server).
    const withReview: TransitionTable<DocumentStatus, string, DocumentContext> = [
      ...outgoingTable,
      { action: 'legal_review', label: 'Gửi thẩm định pháp lý', from: ['submitted'], to: 'submitted', roles: ['leader'], relation: (c) => c.doc.leader_id === c.actorId, needsReason: true, path: 'legal-review' },
      { action: 'note', label: 'Ghi chú', from: ['submitted'], to: 'submitted', roles: ['leader'] },
    ];
    const plan = planActions(allowedActions(withReview, documentContext(submitted, leader)));
    const review = plan.find((p) => p.action === 'legal_review');
    expect(review).toEqual({
      action: 'legal_review',
      label: 'Gửi thẩm định pháp lý',
      secondary: false,
      path: 'legal-review',
      form: { kind: 'reason', reasonLabel: 'Lý do', submitLabel: 'Gửi thẩm định pháp lý', body: {} },
      done: 'Đã thực hiện: Gửi thẩm định pháp lý.',
    });
    expect(plan.find((p) => p.action === 'note')).toMatchObject({ path: 'note', form: { kind: 'post', body: {} } });
    // …and only to whom the row allows.
    expect(planActions(allowedActions(withReview, documentContext(submitted, { userId: 'u-other', roles: ['leader'] }))).map((p) => p.action)).toEqual(['note']);
  });
});
