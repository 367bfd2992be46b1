import { AppError, forbidden } from './errors';

import { ROLES, type Role } from './roles';

export { ROLES, type Role };

/** Who is acting: passed explicitly to every operation that checks permissions or audits. */
export interface Actor {
  userId: string;
  username: string;
  organizationId: string | null;
  roles: Role[];
  isSystemAdmin: boolean;
}

/** The actor a user row acts as (the columns every caller of this reads). */
export function actorFromUser(user: { id: string; username: string; organization_id: string | null; roles: Role[]; is_system_admin: boolean }): Actor {
  return { userId: user.id, username: user.username, organizationId: user.organization_id, roles: user.roles, isSystemAdmin: user.is_system_admin };
}

/** A bearer token resolved to its actor (`auth/authenticate.ts`); what the HTTP API and the socket handshake hand on. */
export interface AuthenticatedSession {
  actor: Actor;
  sessionId: string;
  expiresAt: Date;
  /** Set after an administrator's reset: only the password change is allowed (see account/password-gate). */
  mustChangePassword: boolean;
}

export function requireSystemAdmin(actor: Actor): void {
  if (!actor.isSystemAdmin) throw forbidden('Chỉ quản trị hệ thống được thực hiện thao tác này');
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `Thao tác này cần vai trò: ${roles.map((r) => roleNames[r]).join(' hoặc ')}`);
  }
}

/** System admin anywhere, or the organisation's own admin. */
export function requireOrgAdmin(actor: Actor, organizationId: string): void {
  if (actor.isSystemAdmin) return;
  if (actor.organizationId === organizationId && hasRole(actor, 'admin')) return;
  throw forbidden('Chỉ quản trị của cơ quan này được thực hiện thao tác này');
}

export const roleNames: Record<Role, string> = {
  clerk: 'văn thư',
  leader: 'lãnh đạo',
  official: 'chuyên viên',
  admin: 'quản trị cơ quan',
};
