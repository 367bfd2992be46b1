import { userListSchema, userViewSchema } from '../contract/platform';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { notFound } from '../shared/errors';
import { canSeeInside, codeParams, getVisibleOrganization } from '../organizations/organization-access';
import { listUnits } from '../organizations/organizations.repository';
import { createUser, createUserSchema } from './create-user';
import { loadUserView } from './load-user-view';
import { presentUser } from './user.presenter';
import { findUserById, listUsersOfOrganization } from './users.repository';
import { listUsersForAdmin, listUsersQuery } from './list-users';
import { updateUser, updateUserSchema } from './update-user';


export function registerUserRoutes(api: ApiRouter, db: Knex, kdfLogN: number): void {
  // Listed under its organisation, served here: the organisation folder does not know user accounts.
  api.add({
    method: 'get',
    path: '/organizations/:code/users',
    tag: 'organizations',
    summary: 'Cán bộ của cơ quan (chỉ người trong cơ quan)',
    auth: true,
    params: codeParams,
    responses: { 200: { description: 'Danh sách', schema: userListSchema } },
    handler: async ({ session, params }) => {
      const org = await getVisibleOrganization(db, params.code);
      if (!canSeeInside(session.actor, org.id)) throw notFound('Không tìm thấy danh sách cán bộ của cơ quan này');
      const units = new Map((await listUnits(db, org.id)).map((u) => [u.id, u]));
      const users = await listUsersOfOrganization(db, org.id);
      return { body: { items: users.map((u) => presentUser(u, org, u.unit_id ? units.get(u.unit_id) : null)) } };
    },
  });

  api.add({
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Tạo tài khoản (quản trị hệ thống, hoặc quản trị của cơ quan đó)',
    auth: true,
    body: createUserSchema,
    responses: { 201: { description: 'Đã tạo', schema: userViewSchema } },
    handler: async ({ session, body }) => {
      const { user, org, unit } = await createUser(db, session.actor, body, kdfLogN);
      return { status: 201, body: presentUser(user, org, unit) };
    },
  });

  api.add({
    method: 'get', path: '/users', tag: 'users', auth: true, query: listUsersQuery,
    summary: 'Tài khoản của một cơ quan (quản trị): tìm theo tên, tên đăng nhập, chức vụ; phân trang',
    responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(z.object({ id: z.string() }).passthrough()), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    handler: async ({ session, query }) => ({ body: await listUsersForAdmin(db, session.actor, query) }),
  });

  api.add({
    method: 'post', path: '/users/:id', tag: 'users', auth: true, params: z.object({ id: z.uuid() }), body: updateUserSchema,
    summary: 'Sửa tài khoản (quản trị): họ tên, chức vụ, đơn vị, vai trò',
    responses: { 200: { description: 'Tài khoản', schema: z.object({ id: z.string(), roles: z.array(z.string()) }).passthrough() } },
    handler: async ({ session, params, body }) => {
      await updateUser(db, session.actor, params.id, body);
      return { body: await loadUserView(db, params.id) };
    },
  });

  api.add({
    method: 'get',
    path: '/users/:id',
    tag: 'users',
    summary: 'Thông tin một tài khoản (trong cùng cơ quan)',
    auth: true,
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'Tài khoản', schema: userViewSchema } },
    handler: async ({ session, params }) => {
      const user = await findUserById(db, params.id);
      // 404 rather than 403 outside the organisation: existence is not disclosed.
      const visible = user && (session.actor.isSystemAdmin || (user.organization_id !== null && canSeeInside(session.actor, user.organization_id)));
      if (!user || !visible) throw notFound('Không tìm thấy tài khoản');
      return { body: await loadUserView(db, user) };
    },
  });
}
