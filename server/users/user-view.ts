/** A user as the API shows it (its schema is in the API contract, shared with the web client). */
export type { UserView } from '../contract/platform';
