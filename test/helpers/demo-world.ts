import { ApiClient } from './api-client';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startTestServer, type TestServer } from './test-server';

/** Demo organisations used by the workflow tests (see server/seed/demo-tree.ts). */
export const ORG = {
  ministry: '000.00.00.G09',
  province: '000.00.00.H06',
  finance: '000.00.05.H06',
  districtTienDu: '000.00.32.H06',
  districtGiaBinh: '000.00.33.H06',
  communeHienVan: '000.21.32.H06',
  communeXuanLai: '000.20.33.H06',
  communeDaiDong: 'H06.XA.001',
} as const;

export interface DemoWorld {
  t: TestServer;
  anon: ApiClient;
  as(username: string): Promise<ApiClient & { userId: string }>;
}

/**
 * The real server with the demo tree seeded; `as('vanthu.hienvan')` signs in and caches the client.
 * `VANBAN_DEMO_PKI: '1'` also seeds the demo CA, certificates and images (slower).
 */
export async function startDemoWorld(env: Record<string, string> = {}): Promise<DemoWorld> {
  const t = await startTestServer({ VANBAN_DEMO: '1', VANBAN_DEMO_PKI: '0', ...env });
  const anon = new ApiClient(t.url);
  const cache = new Map<string, ApiClient & { userId: string }>();
  return {
    t,
    anon,
    async as(username) {
      let client = cache.get(username);
      if (!client) {
        const logged = await anon.login(username, DEMO_PASSWORD);
        const me = (await logged.get('/auth/me')).body;
        client = Object.assign(logged, { userId: me.id as string });
        cache.set(username, client);
      }
      return client;
    },
  };
}

/**
 * The demo world of one suite with the system administrator signed in: started before the suite,
 * stopped after it. Tests read `s.w` and `s.admin`.
 */
export function demoWorldWithAdmin(env: Record<string, string> = {}): { w: DemoWorld; admin: ApiClient } {
  const s = {} as { w: DemoWorld; admin: ApiClient }; // filled in by beforeAll, before any test reads it
  beforeAll(async () => {
    s.w = await startDemoWorld(env);
    s.admin = await s.w.anon.login('admin', ADMIN_PASSWORD);
  }, 180_000);
  afterAll(() => s.w?.t.stop());
  return s;
}

export function pdfForm(file: Buffer | null, meta: unknown, fileName = 'van-ban.pdf', metaFirst = true): FormData {
  const form = new FormData();
  const addMeta = () => form.append('meta', JSON.stringify(meta));
  if (metaFirst) addMeta();
  if (file) form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), fileName);
  if (!metaFirst) addMeta();
  return form;
}
