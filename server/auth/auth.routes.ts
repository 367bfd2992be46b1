import { loginResultSchema, userViewSchema } from '../contract/platform';
import { z } from 'zod';
import type { Knex } from 'knex';
import type { ApiRouter } from '../http/api-router';
import { loadUserView } from '../users/load-user-view';
import { login, loginSchema, type LoginPolicy } from './login';
import { logout } from './logout';
import { tagSession } from './sessions.repository';
import { tokenHash } from './tokens';

export function registerAuthRoutes(
  api: ApiRouter,
  db: Knex,
  policy: LoginPolicy,
  onSessionRevoked: (sessionId: string) => Promise<void> | undefined,
): void {
  api.add({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Đăng nhập, nhận mã truy cập (Bearer)',
    auth: false,
    body: loginSchema,
    responses: { 200: { description: 'Đăng nhập thành công', schema: loginResultSchema } },
    handler: async ({ body, req }) => {
      const result = await login(db, policy, body, req.ip ?? 'unknown');
      await tagSession(db, tokenHash(result.token), req.ip ?? 'unknown', req.get('user-agent') ?? null);
      const user = await loadUserView(db, result.user);
      return { body: { token: result.token, expiresAt: result.expiresAt.toISOString(), user } };
    },
  });

  api.add({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'Đăng xuất: thu hồi mã truy cập đang dùng',
    auth: true,
    responses: { 204: { description: 'Đã đăng xuất' } },
    handler: async ({ session }) => {
      await logout(db, session.actor, session.sessionId);
      await onSessionRevoked(session.sessionId);
      return { status: 204 };
    },
  });

  api.add({
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Thông tin người dùng đang đăng nhập',
    auth: true,
    responses: { 200: { description: 'Người dùng', schema: userViewSchema } },
    handler: async ({ session }) => ({ body: await loadUserView(db, session.actor.userId) }),
  });
}

