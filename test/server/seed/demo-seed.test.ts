import { ApiClient } from '../../helpers/api-client';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';

// @embedded-engine: the demo seed is what npm start runs on a fresh machine.

describe('demo seed', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ VANBAN_DEMO: '1' });
  });
  afterAll(() => t.stop());

  it('seeds a four-level tree with a clerk, a leader and an official in every organisation', async () => {
    expect(t.vanban.demoAccounts).not.toBeNull();
    const accounts = t.vanban.demoAccounts!;
    const orgs = await t.database.db('organizations').select('code', 'level', 'name');
    expect(new Set(orgs.map((o) => o.level))).toEqual(new Set(['central', 'province', 'district', 'commune']));
    expect(orgs.filter((o) => o.level === 'district')).toHaveLength(2);
    expect(orgs.filter((o) => o.level === 'commune')).toHaveLength(3);
    for (const org of orgs) {
      const roles = accounts.filter((a) => a.organization === org.name).map((a) => a.role);
      expect(roles).toEqual(expect.arrayContaining(['clerk', 'leader', 'official']));
    }
    expect(orgs.map((o) => o.name).join(' ')).toMatch(/Ủy ban nhân dân xã/);
  });

  it('lets a demo account sign in', async () => {
    const clerk = await new ApiClient(t.url).login('vanthu.tinh', DEMO_PASSWORD);
    const me = (await clerk.get('/auth/me')).body;
    expect(me).toMatchObject({ roles: ['clerk'], orgCode: '000.00.00.H06' });
    expect(me.fullName).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
  });

  it('does not seed twice', async () => {
    const { seedDemo } = await import('../../../server/seed/seed-demo');
    expect(await seedDemo(t.database.db, DEMO_PASSWORD, 10)).toBeNull();
  });
});
