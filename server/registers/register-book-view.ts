import type { z } from 'zod';
import type { registerBookSchema } from '../contract/platform';

/** A register printed or exported (its schema is in the API contract, shared with the web client). */
export type RegisterBook = z.infer<typeof registerBookSchema>;
