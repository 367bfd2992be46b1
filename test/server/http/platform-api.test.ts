import { ApiClient } from '../../helpers/api-client';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';

describe('platform API: organisations, users, auth, scoping', () => {
  let t: TestServer;
  let anon: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestServer();
    anon = new ApiClient(t.url);
    admin = await anon.login('admin', ADMIN_PASSWORD);
    const orgs = [
      { code: '000.00.00.H53', name: 'Ủy ban nhân dân tỉnh Thử Nghiệm', abbreviation: 'UBND', level: 'province' },
      { code: '000.00.32.H53', name: 'Ủy ban nhân dân huyện Một', abbreviation: 'UBND', level: 'district', parentCode: '000.00.00.H53' },
      { code: '000.20.32.H53', name: 'Ủy ban nhân dân xã Hai', abbreviation: 'UBND', level: 'commune', parentCode: '000.00.32.H53' },
      { code: 'H53.XA.009', name: 'Ủy ban nhân dân xã Ba', abbreviation: 'UBND', level: 'commune', parentCode: '000.00.00.H53' },
    ];
    for (const o of orgs) expect((await admin.post('/organizations', o)).status).toBe(201);
    expect((await admin.post('/organizations/000.00.00.H53/units', { name: 'Văn phòng', abbreviation: 'VP' })).status).toBe(201);
  });
  afterAll(() => t.stop());

  it('reports health and serves an OpenAPI document built from the route schemas', async () => {
    expect((await anon.get('/health')).body).toMatchObject({ status: 'ok' });
    const doc = (await anon.get('/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('username');
    expect(doc.paths['/organizations'].post.requestBody.content['application/json'].schema.properties.level.enum).toEqual([
      'central',
      'province',
      'district',
      'commune',
    ]);
    expect(doc.paths['/organizations/{code}/units']).toBeDefined();
  });

  it('logs in with the system admin and rejects wrong passwords with 401', async () => {
    const ok = await anon.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toEqual(expect.any(String));
    expect(ok.body.user).toMatchObject({ username: 'admin', isSystemAdmin: true });
    expect(ok.body.user).not.toHaveProperty('password_hash');
    expect(ok.body.user).not.toHaveProperty('passwordHash');
    const bad = await anon.post('/auth/login', { username: 'admin', password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('INVALID_CREDENTIALS');
    const nobody = await anon.post('/auth/login', { username: 'nobody', password: 'whatever1' });
    expect(nobody.status).toBe(401);
  });

  it('gives clear errors: validation, unknown route, malformed JSON, missing token', async () => {
    const invalid = await admin.post('/organizations', { code: 'bad code', name: 'X', abbreviation: '', level: 'galaxy' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.error.message).toMatch(/không hợp lệ/);
    expect((await admin.get('/no-such-thing')).body.error.code).toBe('ROUTE_NOT_FOUND');
    const res = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_JSON');
    const noToken = await anon.get('/auth/me');
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('validates organisation codes, uniqueness, parents and level order', async () => {
    const dup = await admin.post('/organizations', { code: '000.00.00.H53', name: 'Trùng mã', abbreviation: 'X', level: 'province' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'ORG_CODE_TAKEN']);
    const upward = await admin.post('/organizations', { code: '000.00.40.H53', name: 'Huyện dưới xã', abbreviation: 'UBND', level: 'district', parentCode: '000.20.32.H53' });
    expect([upward.status, upward.body.error.code]).toEqual([400, 'INVALID_LEVEL_ORDER']);
    const orphan = await admin.post('/organizations', { code: '000.00.41.H53', name: 'Không có cha', abbreviation: 'UBND', level: 'district', parentCode: '000.00.00.H99' });
    expect([orphan.status, orphan.body.error.code]).toEqual([404, 'ORG_NOT_FOUND']);
    const badCode = await admin.post('/organizations', { code: '000.00.00.H5', name: 'Sai mã', abbreviation: 'X', level: 'province' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.message).toMatch(/Mã định danh/);
    const tree = (await admin.get('/organizations')).body.tree;
    const province = tree.find((o: { code: string }) => o.code === '000.00.00.H53');
    expect(province.children.map((c: { code: string }) => c.code).sort()).toEqual(['000.00.32.H53', 'H53.XA.009']);
    expect(province.children.find((c: { code: string }) => c.code === '000.00.32.H53').children[0].code).toBe('000.20.32.H53');
  });

  it('creates users as system admin or organisation admin, never across organisations', async () => {
    const orgAdmin = await admin.post('/users', { username: 'qt.tinh', password: 'Secret-123', fullName: 'Quản Trị Tỉnh', position: 'Quản trị', orgCode: '000.00.00.H53', roles: ['admin'] });
    expect(orgAdmin.status).toBe(201);
    expect(orgAdmin.body).toMatchObject({ username: 'qt.tinh', orgCode: '000.00.00.H53', roles: ['admin'] });
    const qt = await anon.login('qt.tinh', 'Secret-123');
    const clerk = await qt.post('/users', { username: 'vt.tinh', password: 'Secret-123', fullName: 'Nguyễn Thị Văn Thư', position: 'Văn thư', orgCode: '000.00.00.H53', unit: 'VP', roles: ['clerk'] });
    expect(clerk.status).toBe(201);
    expect(clerk.body.unit).toMatchObject({ abbreviation: 'VP' });
    const elsewhere = await qt.post('/users', { username: 'vt.xa', password: 'Secret-123', fullName: 'Văn Thư Xã', position: 'Văn thư', orgCode: '000.20.32.H53', roles: ['clerk'] });
    expect(elsewhere.status).toBe(403);
    const dupName = await admin.post('/users', { username: 'vt.tinh', password: 'Secret-123', fullName: 'Trùng', position: '', orgCode: '000.00.00.H53', roles: ['clerk'] });
    expect([dupName.status, dupName.body.error.code]).toEqual([409, 'USERNAME_TAKEN']);
    const noUnit = await admin.post('/users', { username: 'vt.khac', password: 'Secret-123', fullName: 'Không đơn vị', position: '', orgCode: '000.00.00.H53', unit: 'ZZ', roles: ['clerk'] });
    expect(noUnit.status).toBe(404);
    const clerkClient = await anon.login('vt.tinh', 'Secret-123');
    const forbidden = await clerkClient.post('/organizations', { code: '000.00.50.H53', name: 'Không được tạo', abbreviation: 'X', level: 'district', parentCode: '000.00.00.H53' });
    expect(forbidden.status).toBe(403);
    const me = await clerkClient.get('/auth/me');
    expect(me.body).toMatchObject({ username: 'vt.tinh', fullName: 'Nguyễn Thị Văn Thư', roles: ['clerk'] });
  });

  it('scopes reads to the caller’s organisation: people of another organisation are not found', async () => {
    await admin.post('/users', { username: 'vt.xahai', password: 'Secret-123', fullName: 'Văn Thư Xã Hai', position: 'Văn thư', orgCode: '000.20.32.H53', roles: ['clerk'] });
    const commune = await anon.login('vt.xahai', 'Secret-123');
    const province = await anon.login('vt.tinh', 'Secret-123');
    const provinceMe = (await province.get('/auth/me')).body;
    expect((await commune.get(`/users/${provinceMe.id}`)).status).toBe(404);
    expect((await province.get(`/users/${provinceMe.id}`)).status).toBe(200);
    expect((await commune.get('/organizations/000.00.00.H53/users')).status).toBe(404);
    expect((await province.get('/organizations/000.00.00.H53/users')).body.items.length).toBeGreaterThanOrEqual(2);
    const seenFromOutside = (await commune.get('/organizations/000.00.00.H53')).body;
    expect(seenFromOutside.name).toBe('Ủy ban nhân dân tỉnh Thử Nghiệm');
    expect(seenFromOutside.units).toBeUndefined();
    expect((await commune.post('/organizations/000.00.00.H53/units', { name: 'Phòng lạ', abbreviation: 'PL' })).status).toBe(403);
  });

  it('revokes tokens on logout', async () => {
    const client = await anon.login('vt.tinh', 'Secret-123');
    expect((await client.get('/auth/me')).status).toBe(200);
    expect((await client.post('/auth/logout')).status).toBe(204);
    const after = await client.get('/auth/me');
    expect([after.status, after.body.error.code]).toEqual([401, 'TOKEN_REVOKED']);
  });

  it('expires tokens', async () => {
    const client = await anon.login('vt.tinh', 'Secret-123');
    await t.database.db('sessions').update({ expires_at: new Date(Date.now() - 1000) }).whereNull('revoked_at');
    const after = await client.get('/auth/me');
    expect([after.status, after.body.error.code]).toEqual([401, 'TOKEN_EXPIRED']);
  });

  it('throttles repeated failed logins per account', async () => {
    await admin.post('/users', { username: 'bi.khoa', password: 'Secret-123', fullName: 'Bị Khoá', position: '', orgCode: '000.00.00.H53', roles: ['official'] });
    for (let i = 0; i < 5; i += 1) expect((await anon.post('/auth/login', { username: 'bi.khoa', password: `wrong-${i}` })).status).toBe(401);
    const locked = await anon.post('/auth/login', { username: 'bi.khoa', password: 'Secret-123' });
    expect([locked.status, locked.body.error.code]).toEqual([429, 'LOGIN_THROTTLED']);
    expect(locked.body.error.message).toMatch(/thử lại/);
  });

  it('stores only a memory-hard hash of each password', async () => {
    const row = await t.database.db('users').where({ username: 'vt.tinh' }).first();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain('Secret-123');
  });
});
