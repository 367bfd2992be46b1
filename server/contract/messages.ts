import { z } from 'zod';

/**
 * zod's own messages in Vietnamese ("Quá nhỏ: mong đợi string có >=3 ký tự") for every rule that
 * does not carry its own: loaded with the contract, so the server's answers and the client's forms
 * say the same thing. Rules users meet often still carry a message of their own.
 */
z.config(z.locales.vi());
