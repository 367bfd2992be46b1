import { z } from 'zod';

/** The `:id` path parameter of every document route (and of the routes hanging off a document). */
export const idParams = z.object({ id: z.string().min(1).max(64) });
