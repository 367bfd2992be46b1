import type { Actor } from '../../../server/shared/actor';
import { presentDocument } from '../../../server/document-core/document.presenter';
import { documentActions, documentMayTake, requireDocumentTransition, type DocumentSubject } from '../../../server/document-core/document-workflow';
import type { DocumentRow } from '../../../server/document-core/documents.repository';
import { assignmentActions, requireAssignmentTransition } from '../../../server/assignments/assignment-workflow';
import { deliveryMayMove } from '../../../server/routing/delivery-workflow';

// Fast tier: the workflow tables and the presenter on in-memory rows, no database or server.
const clerk: Pick<Actor, 'userId' | 'roles'> = { userId: 'u-clerk', roles: ['clerk'] };
const leader: Pick<Actor, 'userId' | 'roles'> = { userId: 'u-leader', roles: ['leader'] };
const otherLeader: Pick<Actor, 'userId' | 'roles'> = { userId: 'u-leader-2', roles: ['leader'] };
const drafter: Pick<Actor, 'userId' | 'roles'> = { userId: 'u-drafter', roles: ['official'] };

const incoming = (status: DocumentSubject['status']): DocumentSubject => ({ direction: 'incoming', status, leader_id: 'u-leader', created_by: 'u-clerk', file_key: 'k', secrecy: 'normal' });
const draft = (status: DocumentSubject['status'], over: Partial<DocumentSubject> = {}): DocumentSubject => ({ direction: 'outgoing', status, leader_id: 'u-leader', created_by: 'u-drafter', file_key: 'k', secrecy: 'normal', ...over });
const actions = (doc: DocumentSubject, actor: Pick<Actor, 'userId' | 'roles'>, extra = {}) => documentActions(doc, actor, extra).map((a) => a.action);

describe('document workflow tables', () => {
  it('offers each actor what the incoming workflow allows in each state', () => {
    expect(actions(incoming('pending'), clerk)).toEqual(['accept', 'return']);
    expect(actions(incoming('pending'), leader)).toEqual([]);
    expect(actions(incoming('registered'), clerk)).toEqual(['submit']);
    expect(actions(incoming('submitted'), leader)).toEqual(['direct']);
    expect(actions(incoming('submitted'), otherLeader)).toEqual([]);
    expect(actions(incoming('withdrawn'), clerk)).toEqual(['recall_accept', 'recall_refuse']);
    expect(actions(incoming('directed'), clerk)).toEqual([]);
  });

  it('offers each actor what the draft workflow allows in each state', () => {
    expect(actions(draft('draft'), drafter)).toEqual(['submit', 'add_version']);
    expect(actions(draft('draft'), clerk)).toEqual([]);
    expect(actions(draft('submitted'), leader)).toEqual(['sign', 'approve', 'return']);
    expect(actions(draft('approved'), leader)).toEqual(['sign', 'return']);
    expect(actions(draft('submitted'), otherLeader)).toEqual([]);
    expect(actions(draft('signed'), clerk)).toEqual(['issue']);
    expect(actions(draft('issued'), clerk)).toEqual(['recall']);
    expect(actions(draft('issued'), drafter, { awaitingAcknowledgement: true })).toEqual(['acknowledge']);
    expect(actions(draft('issued'), drafter)).toEqual([]);
  });

  it('issues a secret document once approved (it is never signed digitally), a normal one only once signed', () => {
    const secret = draft('approved', { secrecy: 'mat', file_key: null });
    expect(actions(secret, clerk)).toEqual(['issue']);
    expect(requireDocumentTransition(secret, clerk, 'issue')).toBe('issued');
    expect(actions(draft('approved'), clerk)).toEqual([]);
    expect(() => requireDocumentTransition(draft('approved'), clerk, 'issue')).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });

  it('keeps the coded errors the operations always reported', () => {
    expect(() => requireDocumentTransition(draft('submitted', { secrecy: 'mat', file_key: null }), leader, 'sign')).toThrow(expect.objectContaining({ code: 'SECRET_DOCUMENT_NO_FILE' }));
    expect(() => requireDocumentTransition(draft('draft', { secrecy: 'mat', file_key: null }), drafter, 'add_version')).toThrow(expect.objectContaining({ code: 'SECRET_DOCUMENT_NO_FILE' }));
    expect(() => requireDocumentTransition(draft('draft', { file_key: null }), drafter, 'submit')).toThrow(expect.objectContaining({ code: 'INVALID_STATE', message: 'Dự thảo chưa có tệp' }));
    expect(() => requireDocumentTransition(draft('submitted'), otherLeader, 'sign')).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: 'Dự thảo được trình cho lãnh đạo khác' }));
    expect(() => requireDocumentTransition(incoming('withdrawn'), clerk, 'accept')).toThrow(expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringContaining('Đã bị thu hồi') }));
    expect(() => requireDocumentTransition(incoming('pending'), clerk, 'sign')).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => requireDocumentTransition(incoming('pending'), drafter, 'return')).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: 'Chỉ văn thư trả lại văn bản đến' }));
    expect(documentMayTake(draft('approved'), leader, 'sign')).toBe(true);
    expect(documentMayTake(draft('signed'), leader, 'sign')).toBe(false);
  });

  it('moves assignments only for their assignee, until complete', () => {
    const mine = { status: 'assigned' as const, assignee_user_id: null, assignee_unit_id: 'unit-1' };
    expect(assignmentActions(mine, drafter, 'unit-1').map((a) => a.action)).toEqual(['progress', 'complete']);
    expect(assignmentActions(mine, drafter, 'unit-2')).toEqual([]);
    expect(requireAssignmentTransition(mine, drafter, 'unit-1', 'complete')).toBe('completed');
    expect(() => requireAssignmentTransition({ ...mine, status: 'completed' }, drafter, 'unit-1', 'progress')).toThrow(expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringContaining('Đã hoàn thành') }));
    expect(() => requireAssignmentTransition(mine, drafter, 'unit-2', 'progress')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('moves deliveries forward only, and answers a recall only once requested', () => {
    expect(deliveryMayMove('01', '03')).toBe(true);
    expect(deliveryMayMove('06', '05')).toBe(false);
    expect(deliveryMayMove('05', '04')).toBe(false);
    expect(deliveryMayMove('05', '13')).toBe(true);
    expect(deliveryMayMove('13', '15')).toBe(true);
    expect(deliveryMayMove('05', '15')).toBe(false);
  });
});

describe('document presenter', () => {
  const row = {
    id: 'd1', organization_id: 'o1', direction: 'outgoing', status: 'submitted', source: 'draft', doc_type: 'QĐ', subject: 'Về việc thử', urgency: 'normal', secrecy: 'normal',
    pages: 1, issuer_name: null, issuer_code: null, symbol: null, number: null, issued_date: null, register_id: null, register_year: null, arrival_number: null, arrival_at: null,
    file_key: 'k', file_name: 'a.pdf', current_version: 1, drafting_unit_id: null, created_by: 'u-drafter', leader_id: 'u-leader', signed_by: null, signed_at: null, issued_by: null,
    issued_at: null, recipient_codes: [], internal_recipients: [], source_delivery_id: null, replaces_document_id: null, replaced_by_document_id: null, forwarded_from_document_id: null,
    verification: null, return_reason: null, created_at: new Date(0), updated_at: new Date(0),
  } as DocumentRow;

  it('lists the viewer’s allowed actions, with labels and where to post them', () => {
    expect(presentDocument(row, leader).allowedActions).toEqual([
      { action: 'sign', label: 'Ký số', needsReason: false, path: 'sign', secondary: false },
      { action: 'approve', label: 'Duyệt', needsReason: false, path: 'approve', secondary: true },
      { action: 'return', label: 'Trả lại, yêu cầu sửa', needsReason: true, path: 'return', secondary: true },
    ]);
    expect(presentDocument(row, drafter).allowedActions).toEqual([]);
    expect(presentDocument(row).allowedActions).toEqual([]);
  });
});
