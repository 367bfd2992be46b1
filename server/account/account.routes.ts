import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { loadUserView } from '../users/load-user-view';
import { PASSWORD_MIN_LENGTH } from '../users/password-policy';
import { listLiveSessions } from './account.repository';
import { changePassword, changePasswordSchema } from './change-password';
import { lockSchema, lockUser } from './lock-user';
import { endOwnSession, logoutEverywhere } from './logout-all';
import { profileSchema, updateProfile } from './profile';
import { resetPassword, resetPasswordSchema } from './reset-password';

export interface AccountDeps {
  db: Knex;
  kdfLogN: number;
  /** Drops the sockets of ended sessions (the realtime layer, once attached). */
  dropSessions: (sessionIds: string[]) => Promise<void>;
}

const userParams = z.object({ id: z.uuid() });
const sessionView = z.object({ id: z.string(), createdAt: z.string(), expiresAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean() });
const revokedView = z.object({ sessionsEnded: z.number() });
export const userViewSchema = z.object({ id: z.string(), username: z.string(), fullName: z.string(), roles: z.array(z.string()), locked: z.boolean().optional(), mustChangePassword: z.boolean().optional() }).passthrough();

/** The personal account (password, sessions, profile) and the administrator's account controls. */
export function registerAccountRoutes(api: ApiRouter, deps: AccountDeps): void {
  const { db } = deps;
  api.add({
    method: 'get', path: '/auth/password-policy', tag: 'auth', auth: false,
    summary: 'Quy tắc mật khẩu (để giao diện nhắc trước khi gửi)',
    responses: { 200: { description: 'Quy tắc', schema: z.object({ minLength: z.number(), rules: z.array(z.string()) }) } },
    handler: async () => ({
      body: {
        minLength: PASSWORD_MIN_LENGTH,
        rules: [`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự`, 'Không chứa tên đăng nhập', 'Không thuộc danh sách mật khẩu phổ biến', 'Không phải dãy lặp hoặc liên tiếp (12345678, aaaaaaaa, qwerty…)'],
      },
    }),
  });

  api.add({
    method: 'post', path: '/auth/password', tag: 'auth', auth: true, body: changePasswordSchema,
    summary: 'Đổi mật khẩu của chính mình (cần mật khẩu hiện tại); các phiên khác bị đăng xuất',
    responses: { 200: { description: 'Đã đổi', schema: revokedView } },
    handler: async ({ session, body }) => {
      const revoked = await changePassword(db, session.actor, session.sessionId, body, deps.kdfLogN);
      await deps.dropSessions(revoked);
      return { body: { sessionsEnded: revoked.length } };
    },
  });

  api.add({
    method: 'post', path: '/auth/logout-all', tag: 'auth', auth: true,
    summary: 'Đăng xuất khỏi mọi thiết bị (kể cả phiên đang dùng)',
    responses: { 200: { description: 'Đã đăng xuất', schema: revokedView } },
    handler: async ({ session }) => {
      const revoked = await logoutEverywhere(db, session.actor);
      await deps.dropSessions(revoked);
      return { body: { sessionsEnded: revoked.length } };
    },
  });

  api.add({
    method: 'get', path: '/auth/sessions', tag: 'auth', auth: true,
    summary: 'Các phiên đăng nhập đang hoạt động của tôi',
    responses: { 200: { description: 'Phiên', schema: z.object({ items: z.array(sessionView) }) } },
    handler: async ({ session }) => {
      const rows = await listLiveSessions(db, session.actor.userId);
      return {
        body: {
          items: rows.map((r) => ({
            id: r.id, createdAt: new Date(r.created_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString(),
            ip: r.ip, userAgent: r.user_agent, current: r.id === session.sessionId,
          })),
        },
      };
    },
  });

  api.add({
    method: 'post', path: '/auth/sessions/:id/revoke', tag: 'auth', auth: true, params: z.object({ id: z.string() }),
    summary: 'Kết thúc một phiên đăng nhập của tôi',
    responses: { 204: { description: 'Đã kết thúc' } },
    handler: async ({ session, params }) => {
      await endOwnSession(db, session.actor, params.id);
      await deps.dropSessions([params.id]);
      return { status: 204 };
    },
  });

  api.add({
    method: 'post', path: '/auth/profile', tag: 'auth', auth: true, body: profileSchema,
    summary: 'Cập nhật hồ sơ cá nhân và tuỳ chọn thông báo',
    responses: { 200: { description: 'Người dùng', schema: userViewSchema } },
    handler: async ({ session, body }) => {
      await updateProfile(db, session.actor, body);
      return { body: await loadUserView(db, session.actor.userId) };
    },
  });

  for (const locked of [true, false]) {
    api.add({
      method: 'post', path: `/users/:id/${locked ? 'lock' : 'unlock'}`, tag: 'users', auth: true, params: userParams, body: lockSchema,
      summary: locked ? 'Khoá tài khoản: không đăng nhập được, mọi phiên và kết nối trực tiếp bị ngắt' : 'Mở khoá tài khoản',
      responses: { 200: { description: 'Tài khoản', schema: userViewSchema } },
      handler: async ({ session, params, body }) => {
        const revoked = await lockUser(db, session.actor, params.id, locked, body?.reason);
        await deps.dropSessions(revoked);
        return { body: await loadUserView(db, params.id) };
      },
    });
  }

  api.add({
    method: 'post', path: '/users/:id/reset-password', tag: 'users', auth: true, params: userParams, body: resetPasswordSchema,
    summary: 'Quản trị đặt lại mật khẩu; người dùng phải đổi ở lần đăng nhập tới',
    responses: { 200: { description: 'Tài khoản', schema: userViewSchema } },
    handler: async ({ session, params, body }) => {
      const revoked = await resetPassword(db, session.actor, params.id, body.newPassword, deps.kdfLogN);
      await deps.dropSessions(revoked);
      return { body: await loadUserView(db, params.id) };
    },
  });
}
