import type { OrganizationRow, UnitRow } from '../organizations/organizations.repository';
import type { UserRow } from './users.repository';
import type { UserView } from './user-view';

export type { UserView };


export function presentUser(user: UserRow, org?: OrganizationRow | null, unit?: UnitRow | null): UserView {
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
  };
}
