import { useSession } from '../session';
import { Link } from '../ui/Link';

/** The administration screens; the tree belongs to the system administrator only. */
export function AdminTabs({ path }: { path: string }) {
  const { user } = useSession();
  const tabs: [string, string, boolean][] = [
    ['/quan-tri/tai-khoan', 'Tài khoản', true],
    ['/quan-tri/co-quan', 'Cơ quan, đơn vị, chứng thư số', true],
    ['/quan-tri/danh-muc', 'Chức vụ, loại văn bản, lĩnh vực', true],
    ['/quan-tri/so-van-ban', 'Sổ và số văn bản', Boolean(user?.orgCode)],
    ['/quan-tri/cay-co-quan', 'Cây cơ quan', Boolean(user?.isSystemAdmin)],
  ];
  return (
    <nav className="admin-tabs" aria-label="Quản trị">
      {tabs.filter(([, , show]) => show).map(([to, label]) => (
        <Link key={to} to={to} className={path === to ? 'active' : undefined}>{label}</Link>
      ))}
    </nav>
  );
}
