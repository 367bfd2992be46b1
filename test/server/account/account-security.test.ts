import { startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { ApiClient } from '../../helpers/api-client';
import { DEMO_PASSWORD } from '../../helpers/test-server';
import { connectInbox } from '../realtime/realtime-client';

describe('account security: password, sessions, lock, reset', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  }, 180_000);
  afterAll(() => w.t.stop());

  const auditActions = async (objectId: string) =>
    (await w.t.vanban.db('audit_events').where({ object_id: objectId }).orderBy('id')).map((r: { action: string }) => r.action);

  it('changes the own password: current one required, weak ones refused with a coded Vietnamese error, other sessions end', async () => {
    const a = await w.anon.login('chuyenvien.tinh', DEMO_PASSWORD);
    const b = await w.anon.login('chuyenvien.tinh', DEMO_PASSWORD);
    const wrong = await a.post('/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'Trăng-rằm-tháng-8' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_WRONG');
    for (const [weak, why] of [['12345678', /ít nhất 10 ký tự/], ['1234567890', /phổ biến/], ['aaaaaaaaaaaaaa', /đơn giản/], ['chuyenvien-2026', /tên đăng nhập/], [DEMO_PASSWORD, /khác mật khẩu hiện tại/]] as const) {
      const res = await a.post('/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: weak });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'WEAK_PASSWORD', message: expect.stringMatching(why) });
    }
    const socket = await connectInbox(w.t.url, b.token!);
    const ok = await a.post('/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Trăng-rằm-tháng-8' });
    expect(ok.status).toBe(200);
    expect(ok.body.sessionsEnded).toBe(1);
    expect((await a.get('/auth/me')).status).toBe(200);
    expect((await b.get('/auth/me')).status).toBe(401);
    await socket.waitForDisconnect();
    expect((await w.anon.post('/auth/login', { username: 'chuyenvien.tinh', password: DEMO_PASSWORD })).status).toBe(401);
    expect((await w.anon.post('/auth/login', { username: 'chuyenvien.tinh', password: 'Trăng-rằm-tháng-8' })).status).toBe(200);
    const me = (await a.get('/auth/me')).body;
    expect(await auditActions(me.id)).toContain('user.password_change');
  });

  it('lists active sessions and logs out everywhere, dropping live sockets', async () => {
    const a = await w.anon.login('vanthu.stc', DEMO_PASSWORD);
    const b = await new ApiClient(w.t.url).login('vanthu.stc', DEMO_PASSWORD);
    const list = await a.get('/auth/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ ip: expect.any(String), userAgent: expect.any(String) });
    // End one session from the other.
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    const socketB = await connectInbox(w.t.url, b.token!);
    expect((await a.post(`/auth/sessions/${other.id}/revoke`)).status).toBe(204);
    await socketB.waitForDisconnect();
    expect((await b.get('/auth/me')).status).toBe(401);
    expect((await a.post('/auth/sessions/00000000-0000-4000-8000-000000000000/revoke')).status).toBe(404);

    const c = await w.anon.login('vanthu.stc', DEMO_PASSWORD);
    const socketA = await connectInbox(w.t.url, a.token!);
    const out = await a.post('/auth/logout-all');
    expect(out.status).toBe(200);
    expect(out.body.sessionsEnded).toBe(2);
    await socketA.waitForDisconnect();
    expect((await a.get('/auth/me')).status).toBe(401);
    expect((await c.get('/auth/me')).status).toBe(401);
  });

  it('an agency admin locks a user: login refused, sessions and sockets dropped; unlock restores; others cannot', async () => {
    const admin = await w.as('quantri.tinh');
    const clerk = await w.as('vanthu.tinh');
    const victim = await w.anon.login('lanhdao.tinh', DEMO_PASSWORD);
    const victimId = (await victim.get('/auth/me')).body.id;
    const socket = await connectInbox(w.t.url, victim.token!);

    expect((await clerk.post(`/users/${victimId}/lock`, {})).status).toBe(403);
    const foreignAdmin = (await w.as('vanthu.stc')).userId;
    expect((await admin.post(`/users/${foreignAdmin}/lock`, {})).status).toBe(404);
    expect((await admin.post(`/users/${admin.userId}/lock`, {})).body.error.code).toBe('CANNOT_LOCK_SELF');

    const locked = await admin.post(`/users/${victimId}/lock`, { reason: 'Nghỉ công tác' });
    expect(locked.status).toBe(200);
    expect(locked.body.locked).toBe(true);
    await socket.waitForDisconnect();
    expect((await victim.get('/auth/me')).status).toBe(401);
    const refused = await w.anon.post('/auth/login', { username: 'lanhdao.tinh', password: DEMO_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining('khoá') });
    // A wrong password on a locked account says nothing about the lock.
    expect((await w.anon.post('/auth/login', { username: 'lanhdao.tinh', password: 'wrong-wrong-1' })).body.error.code).toBe('INVALID_CREDENTIALS');

    const unlocked = await admin.post(`/users/${victimId}/unlock`, {});
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.locked).toBe(false);
    expect((await w.anon.post('/auth/login', { username: 'lanhdao.tinh', password: DEMO_PASSWORD })).status).toBe(200);
    expect(await auditActions(victimId)).toEqual(expect.arrayContaining(['user.lock', 'user.unlock']));
  });

  it('an admin reset forces a password change at next login; until then only the change is allowed', async () => {
    const admin = await w.as('quantri.tinh');
    const old = await w.anon.login('vanthu.tinh', DEMO_PASSWORD);
    const id = (await old.get('/auth/me')).body.id;
    expect((await admin.post(`/users/${id}/reset-password`, { newPassword: 'vanthu.tinh1' })).body.error.code).toBe('WEAK_PASSWORD');
    expect((await (await w.as('chuyenvien.snv')).post(`/users/${id}/reset-password`, { newPassword: 'Tạm-thời-2026-x' })).status).toBe(404);
    const reset = await admin.post(`/users/${id}/reset-password`, { newPassword: 'Tạm-thời-2026-x' });
    expect(reset.status).toBe(200);
    expect(reset.body.mustChangePassword).toBe(true);
    expect((await old.get('/auth/me')).status).toBe(401);

    const fresh = await w.anon.login('vanthu.tinh', 'Tạm-thời-2026-x');
    const me = await fresh.get('/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    const blocked = await fresh.get('/inbox');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await fresh.post('/auth/password', { currentPassword: 'Tạm-thời-2026-x', newPassword: 'Tạm-thời-2026-x' })).body.error.message).toMatch(/khác mật khẩu hiện tại/);
    expect((await fresh.post('/auth/password', { currentPassword: 'Tạm-thời-2026-x', newPassword: 'Của-riêng-tôi-77' })).status).toBe(200);
    expect((await fresh.get('/inbox')).status).toBe(200);
    expect((await fresh.get('/auth/me')).body.mustChangePassword).toBe(false);
    expect(await auditActions(id)).toEqual(expect.arrayContaining(['user.password_reset', 'user.password_change']));
  });

  it('applies the policy to accounts created through the API', async () => {
    const admin = await w.as('quantri.tinh');
    const weak = await admin.post('/users', { username: 'moi.tinh', password: '12345678', fullName: 'Người Mới', orgCode: '000.00.00.H06', roles: ['official'] });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const ok = await admin.post('/users', { username: 'moi.tinh', password: 'Ngày-mới-2026', fullName: 'Người Mới', orgCode: '000.00.00.H06', roles: ['official'] });
    expect(ok.status).toBe(201);
  });

  it('updates the own profile and notification preferences', async () => {
    const leader = await w.as('lanhdao.stc');
    const res = await leader.post('/auth/profile', { position: 'Giám đốc Sở', notificationPrefs: { email: false, announcements: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ position: 'Giám đốc Sở', notificationPrefs: { email: false, announcements: true } });
    expect((await leader.post('/auth/profile', { notificationPrefs: { bogus: true } })).status).toBe(400);
  });

  it('the agency admin lists (searchable, paged) and edits accounts of their agency only', async () => {
    const admin = await w.as('quantri.tinh');
    const all = await admin.get('/users?org=000.00.00.H06&pageSize=2');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    const found = (await admin.get(`/users?org=000.00.00.H06&q=${encodeURIComponent('Đỗ Quang')}`)).body.items;
    expect(found.map((u: { username: string }) => u.username)).toEqual(['lanhdao.tinh']);
    expect((await admin.get('/users?org=000.00.05.H06')).status).toBe(403);
    expect((await (await w.as('vanthu.stc')).get('/users?org=000.00.05.H06')).status).toBe(403);

    const units = (await admin.get('/organizations/000.00.00.H06')).body.units as { id: string; abbreviation: string }[];
    const target = found[0];
    const edited = await admin.post(`/users/${target.id}`, { position: 'Phó Chủ tịch UBND tỉnh', roles: ['leader', 'clerk'], unitId: units.find((u) => u.abbreviation === 'VP')!.id });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ position: 'Phó Chủ tịch UBND tỉnh', roles: ['leader', 'clerk'], unit: { abbreviation: 'VP' } });
    const foreignUnit = (await (await w.as('vanthu.stc')).get('/organizations/000.00.05.H06')).body.units[0].id;
    expect((await admin.post(`/users/${target.id}`, { unitId: foreignUnit })).status).toBe(404);
    expect((await (await w.as('chuyenvien.snv')).post(`/users/${target.id}`, { position: 'x' })).status).toBe(404);
    expect(await auditActions(target.id)).toContain('user.update');
  });
});
