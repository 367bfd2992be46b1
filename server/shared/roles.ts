/** The roles a user holds in their organisation (shared by the auth domain and the workflow tables). */
export const ROLES = ['clerk', 'leader', 'official', 'admin'] as const;
export type Role = (typeof ROLES)[number];
