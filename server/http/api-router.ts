import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { isDeepStrictEqual } from 'node:util';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuthenticatedSession } from '../shared/actor';
import { AppError } from '../shared/errors';
import { useVietnameseZodMessages } from '../shared/zod-vietnamese';

useVietnameseZodMessages();

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerContext<B, Q, P> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: P;
  /** Present on routes declared with `auth: true`. */
  session: AuthenticatedSession;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  body?: B;
  query?: Q;
  params?: P;
  /** Documented as multipart/form-data; the handler reads the stream itself. */
  multipart?: Record<string, z.ZodType>;
  /**
   * Every status the route answers with: a JSON body's schema (`schema`), or the media types of
   * a file it streams (`files`), or neither for an empty answer (204).
   */
  responses: Record<number, ResponseSpec>;
  handler: (ctx: HandlerContext<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<RouteResult | void>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  files?: string[];
}

export type Authenticator = (req: Request) => Promise<AuthenticatedSession>;

export interface ApiRouterOptions {
  /**
   * Check every JSON answer against its declared schema and fail loudly (500) when it does not
   * match or carries undeclared fields. On in tests, so the contract cannot drift from the code.
   */
  checkResponses?: boolean;
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

function toValidationError(error: z.ZodError, where: string): AppError {
  const issue = error.issues[0];
  const at = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
  return new AppError('VALIDATION_FAILED', `Dữ liệu không hợp lệ (${at}): ${issue.message}`, error.issues);
}

/** Validates a value against a schema, reporting the first problem with where it was (`body.level`, `meta.symbol`…). */
// PostgreSQL cannot store NUL in text, and no legitimate field needs it (nor other C0 controls but tab/newlines).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function findForbiddenChars(value: unknown, at: string, depth = 0): string | null {
  if (typeof value === 'string') return FORBIDDEN_CHARS.test(value) ? at : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (FORBIDDEN_CHARS.test(key)) return at;
    const found = findForbiddenChars(inner, `${at}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  const bad = findForbiddenChars(value, where);
  if (bad) throw new AppError('VALIDATION_FAILED', `Dữ liệu không hợp lệ (${bad}): chứa ký tự điều khiển không được phép`);
  if (!schema) return value as z.infer<T>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw toValidationError(parsed.error, where);
  return parsed.data;
}

/** Fails when a JSON answer does not match its declared schema exactly (no missing, wrong or undeclared fields). */
function checkResponse(spec: { method: string; path: string; responses: Record<number, ResponseSpec> }, status: number, body: unknown): void {
  const declared = spec.responses[status];
  const where = `${spec.method.toUpperCase()} ${spec.path} → ${status}`;
  if (!declared) throw new Error(`Response contract: ${where} is not declared`);
  if (body === undefined) return;
  if (!declared.schema) throw new Error(`Response contract: ${where} sends JSON but declares no schema`);
  const json: unknown = JSON.parse(JSON.stringify(body));
  const parsed = declared.schema.safeParse(json);
  if (!parsed.success) throw new Error(`Response contract: ${where} does not match its schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
  // Object schemas drop keys they do not declare: a difference means the server sends undeclared fields.
  if (!isDeepStrictEqual(parsed.data, json)) throw new Error(`Response contract: ${where} sends fields its schema does not declare: ${undeclaredPaths(json, parsed.data).slice(0, 8).join(', ')}`);
}

/** Where the answer has keys the parsed (schema-shaped) copy dropped: `items[0].extra`. */
function undeclaredPaths(sent: unknown, kept: unknown, at = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) return sent.flatMap((v, i) => undeclaredPaths(v, kept[i], `${at}[${i}]`)).slice(0, 8);
  if (!sent || typeof sent !== 'object' || !kept || typeof kept !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(sent)) {
    const path = at ? `${at}.${k}` : k;
    if (!(k in kept)) out.push(path);
    else out.push(...undeclaredPaths(v, (kept as Record<string, unknown>)[k], path));
  }
  return out;
}

/**
 * Declares each endpoint once: the same zod schemas validate requests and generate the OpenAPI
 * document, so the two cannot drift apart.
 */
export class ApiRouter {
  private readonly registry = new OpenAPIRegistry();
  readonly router: Router = express.Router();

  constructor(
    private readonly authenticate: Authenticator,
    private readonly options: ApiRouterOptions = {},
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  }

  add<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<B, Q, P>,
  ): void {
    this.document(spec);
    this.router[spec.method](spec.path, async (req, res) => {
      const session = spec.auth ? await this.authenticate(req) : (undefined as unknown as AuthenticatedSession);
      const ctx = {
        req,
        res,
        session,
        params: parsePart(spec.params, req.params, 'params'),
        query: parsePart(spec.query, req.query, 'query'),
        body: spec.multipart ? undefined : parsePart(spec.body, req.body, 'body'),
      } as HandlerContext<z.infer<B>, z.infer<Q>, z.infer<P>>;
      const result = await spec.handler(ctx);
      if (res.headersSent) return;
      const status = result?.status ?? 200;
      if (this.options.checkResponses) {
        try {
          checkResponse(spec, status, result?.body);
        } catch (err) {
          // Said on stderr as well: the answer becomes a plain 500 and test servers log nothing.
          process.stderr.write(`${(err as Error).message}\n`);
          throw err;
        }
      }
      if (result?.body === undefined) res.status(status).end();
      else res.status(status).json(result.body);
    });
  }

  private document(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): void {
    const responses: Record<string, object> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      const content: Record<string, { schema: z.ZodType }> = {};
      if (r.schema) content['application/json'] = { schema: r.schema };
      for (const type of r.files ?? []) content[type] = { schema: z.string().meta({ format: 'binary' }) };
      responses[status] = Object.keys(content).length ? { description: r.description, content } : { description: r.description };
    }
    responses.default = { description: 'Lỗi', content: { 'application/json': { schema: errorSchema } } };
    const body = spec.multipart
      ? { content: { 'multipart/form-data': { schema: z.object(spec.multipart) } } }
      : spec.body
        ? { content: { 'application/json': { schema: spec.body } } }
        : undefined;
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: [spec.tag],
      security: spec.auth ? [{ bearer: [] }] : [],
      request: {
        // zod-to-openapi accepts object schemas for params/query; routes only declare objects there.
        params: spec.params as z.ZodObject | undefined,
        query: spec.query as z.ZodObject | undefined,
        body,
      },
      responses,
    });
  }

  openApiDocument(version: string): object {
    return new OpenApiGeneratorV3(this.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: 'Vanban API', version, description: 'API hệ thống quản lý văn bản và điều hành Vanban' },
      servers: [{ url: '/api/v1' }],
    });
  }
}
