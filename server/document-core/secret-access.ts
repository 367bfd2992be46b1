import type { Role } from '../shared/actor';
import type { Secrecy } from './document-types';

/**
 * Need-to-know for secret documents (Mật, Tối mật, Tuyệt mật, and anything in a secret register).
 *
 * Inside its own organisation a document is visible to everyone there unless it is secret. A secret
 * document is visible only to:
 *  - the organisation's clerks (văn thư): they register secret documents and keep the secret
 *    register, which lists every one of them anyway — and they hold no content, only metadata;
 *  - those who took part: who registered or drafted it, the leader it was submitted to, who signed
 *    or issued it, a leader who gave a direction on it;
 *  - those it was assigned to (an assignee, or a member of an assigned unit) or delivered to
 *    internally;
 *  - anyone a clerk or a leader who may see it granted access to (audited, revocable).
 * Other leaders, officials and the organisation's administrators do not see it. Other
 * organisations never see any of its documents.
 *
 * This function is the rule; `whereVisibleTo` in secret-access.repository.ts is the same rule as
 * SQL for lists and search. test/server/documents/secret-access.test.ts checks that they agree.
 */
export interface Viewer {
  userId: string;
  organizationId: string | null;
  unitId: string | null;
  roles: Role[];
}

export interface AccessFacts {
  organizationId: string;
  secrecy: Secrecy;
  inSecretRegister: boolean;
  createdBy: string | null;
  leaderId: string | null;
  signedBy: string | null;
  issuedBy: string | null;
  directingLeaderIds: string[];
  assigneeUserIds: string[];
  assigneeUnitIds: string[];
  internalRecipientIds: string[];
  grantedUserIds: string[];
}

export const isSecret = (facts: Pick<AccessFacts, 'secrecy' | 'inSecretRegister'>): boolean => facts.secrecy !== 'normal' || facts.inSecretRegister;

export function takesPart(viewer: Viewer, f: AccessFacts): boolean {
  const me = viewer.userId;
  return (
    [f.createdBy, f.leaderId, f.signedBy, f.issuedBy].includes(me) ||
    f.directingLeaderIds.includes(me) ||
    f.assigneeUserIds.includes(me) ||
    (viewer.unitId !== null && f.assigneeUnitIds.includes(viewer.unitId)) ||
    f.internalRecipientIds.includes(me) ||
    f.grantedUserIds.includes(me)
  );
}

export function mayView(viewer: Viewer, facts: AccessFacts): boolean {
  if (!viewer.organizationId || facts.organizationId !== viewer.organizationId) return false;
  if (!isSecret(facts)) return true;
  return viewer.roles.includes('clerk') || takesPart(viewer, facts);
}

/** Who may grant others access to a secret document: a clerk or a leader who may see it. */
export const mayGrant = (viewer: Viewer, facts: AccessFacts): boolean =>
  mayView(viewer, facts) && (viewer.roles.includes('clerk') || viewer.roles.includes('leader'));
