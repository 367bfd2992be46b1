import { Link } from '../ui/Link';

/** The administration screens. */
export function AdminTabs({ path }: { path: string }) {
  const tabs: [string, string][] = [['/quan-tri/tai-khoan', 'Tài khoản'], ['/quan-tri/co-quan', 'Cơ quan, đơn vị, chứng thư số']];
  return (
    <nav className="admin-tabs" aria-label="Quản trị">
      {tabs.map(([to, label]) => (
        <Link key={to} to={to} className={path === to ? 'active' : undefined}>{label}</Link>
      ))}
    </nav>
  );
}
