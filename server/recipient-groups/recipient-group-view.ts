/** A quick-send group as the API shows it. Shared with the web client: keep this file free of imports. */
export interface RecipientGroupView {
  id: string;
  name: string;
  shared: boolean;
  /** The current user may edit or delete it. */
  editable: boolean;
  organizations: { code: string; name: string }[];
  units: { id: string; name: string; abbreviation: string }[];
  updatedAt: string;
}
