// The date rules live in the contract module (shared with the client); kept here for server imports.
export * from '../contract/calendar-date';
