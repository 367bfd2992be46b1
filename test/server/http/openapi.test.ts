import SwaggerParser from '@apidevtools/swagger-parser';
import { ApiClient } from '../../helpers/api-client';
import { startTestServer, type TestServer } from '../../helpers/test-server';

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('the OpenAPI document', () => {
  let t: TestServer;
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    t = await startTestServer();
    doc = (await new ApiClient(t.url).get('/openapi.json')).body;
  });
  afterAll(() => t.stop());

  it('validates with a standard OpenAPI validator', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(JSON.parse(JSON.stringify(doc)))).resolves.toBeTruthy();
  });

  it('declares a response schema for every route (an empty 204 is the only answer without one)', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.length).toBeGreaterThanOrEqual(44);
    const missing: string[] = [];
    for (const { where, op } of operations) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) missing.push(`${where}: no success response`);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const schemas = Object.values(response.content ?? {}).filter((c) => c.schema);
        if (schemas.length === 0) missing.push(`${where} → ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('publishes the allowed actions of a document', () => {
    const schema = doc.paths['/documents/{id}'].get.responses['200'].content!['application/json'].schema as { properties: Record<string, { properties: Record<string, unknown> }> };
    expect(schema.properties.document.properties).toHaveProperty('allowedActions');
  });
});
