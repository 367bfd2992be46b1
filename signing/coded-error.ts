/**
 * The shape of every error the signing library throws: a stable English `code` callers branch on,
 * a Vietnamese `message` for people, and a technical `detail` in English for logs.
 */
export class CodedError<C extends string> extends Error {
  constructor(
    name: string,
    readonly code: C,
    message: string,
    readonly detail = '',
  ) {
    super(message);
    this.name = name;
  }
}
