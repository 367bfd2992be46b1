export { deadlineSchema } from '../contract/assignments';

export function parseDeadline(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59+07:00`) : new Date(value);
}
