import type { Knex } from 'knex';
import { importOrganizations } from '../organizations/import-organizations';
import { findOrganizationByCode, listUnits } from '../organizations/organizations.repository';
import { createUser } from '../users/create-user';
import { countUsers } from '../users/users.repository';
import { demoStaff, demoTree } from './demo-tree';

export interface DemoAccount {
  username: string;
  role: string;
  fullName: string;
  organization: string;
}

/** Seeds the demo tree and staff, only into a database that has no users besides the system admin. */
export async function seedDemo(db: Knex, password: string, kdfLogN: number): Promise<DemoAccount[] | null> {
  if ((await countUsers(db)) > 1) return null;
  await importOrganizations(db, null, { organizations: demoTree });
  const accounts: DemoAccount[] = [];
  for (const staff of demoStaff) {
    const org = (await findOrganizationByCode(db, staff.orgCode))!;
    const units = await listUnits(db, org.id);
    const office = units.find((u) => u.abbreviation === 'VP');
    const specialist = units.find((u) => u.abbreviation !== 'VP') ?? office;
    const people = [
      { role: 'clerk' as const, prefix: 'vanthu', person: staff.clerk, unit: office },
      { role: 'leader' as const, prefix: 'lanhdao', person: staff.leader, unit: undefined },
      { role: 'official' as const, prefix: 'chuyenvien', person: staff.official, unit: specialist },
    ];
    for (const { role, prefix, person, unit } of people) {
      const username = `${prefix}.${staff.slug}`;
      await createUser(db, null, { username, password, fullName: person[0], position: person[1], orgCode: org.code, unit: unit?.abbreviation, roles: [role] }, kdfLogN);
      accounts.push({ username, role, fullName: person[0], organization: org.name });
    }
  }
  const province = demoStaff[1];
  await createUser(db, null, { username: `quantri.${province.slug}`, password, fullName: 'Quản trị UBND tỉnh', position: 'Quản trị hệ thống của cơ quan', orgCode: province.orgCode, roles: ['admin'] }, kdfLogN);
  accounts.push({ username: `quantri.${province.slug}`, role: 'admin', fullName: 'Quản trị UBND tỉnh', organization: 'Ủy ban nhân dân tỉnh Bắc Ninh' });
  return accounts;
}
