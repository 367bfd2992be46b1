/** A user as the API shows it. Shared with the web client: keep this file free of imports. */
export interface UserView {
  id: string;
  username: string;
  fullName: string;
  position: string;
  orgCode: string | null;
  orgName: string | null;
  unit: { id: string; name: string; abbreviation: string } | null;
  roles: string[];
  isSystemAdmin: boolean;
  hasSignatureImage: boolean;
  /** Present once the administration migration ran. */
  locked?: boolean;
  mustChangePassword?: boolean;
  notificationPrefs?: Record<string, boolean>;
}
