import type { OrganizationRow, UnitRow } from '../organizations/organizations.repository';
import type { UserRow } from './users.repository';
import type { UserView } from './user-view';

export type { UserView };


/** `head`: the person this user signs for, when the caller loaded them (lists load them in one query). */
export function presentUser(user: UserRow, org?: OrganizationRow | null, unit?: UnitRow | null, head?: UserRow | null): UserView {
  return {
    id: user.id,
    username: user.username,
    fullName: user.full_name,
    position: user.position,
    orgCode: org?.code ?? null,
    orgName: org?.name ?? null,
    unit: unit ? { id: unit.id, name: unit.name, abbreviation: unit.abbreviation } : null,
    roles: [...user.roles],
    isSystemAdmin: user.is_system_admin,
    hasSignatureImage: Boolean(user.signature_image_key),
    locked: Boolean(user.locked_at),
    mustChangePassword: Boolean(user.must_change_password),
    notificationPrefs: user.notification_prefs ?? {},
    ...(head !== undefined
      ? { signsFor: head && user.signing_capacity ? { userId: head.id, fullName: head.full_name, position: head.position, capacity: user.signing_capacity } : null }
      : {}),
  };
}
