import { DocumentPage } from './document/DocumentPage';
import { DocumentListPage } from './list/DocumentListPage';
import { bookBySlug } from './list/books';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NewDraftPage } from './pages/NewDraftPage';
import { RegisterIncomingPage } from './pages/RegisterIncomingPage';
import { RegistersPage } from './pages/RegistersPage';
import { ReportsPage } from './pages/ReportsPage';
import { ExchangeImportPage } from './pages/ExchangeImportPage';
import { ExchangeOutboxPage } from './pages/ExchangeOutboxPage';
import { LiveProvider } from './realtime';
import { usePath } from './router';
import { hasRole, useSession } from './session';
import { Layout } from './ui/Layout';
import { Link } from './ui/Link';
import { DossierListPage } from './dossiers/DossierListPage';
import { DossierPage } from './dossiers/DossierPage';
import { NewDossierPage } from './dossiers/NewDossierPage';
import { ArchivePage } from './dossiers/ArchivePage';
import { AccountPage } from './account/AccountPage';
import { ChangePasswordForm } from './account/ChangePasswordForm';
import { UsersAdminPage } from './admin/UsersAdminPage';
import { OrganizationAdminPage } from './admin/OrganizationAdminPage';
import { OrgTreeAdminPage } from './admin/OrgTreeAdminPage';
import { CataloguesAdminPage } from './admin/CataloguesAdminPage';
import { RegistersAdminPage } from './admin/RegistersAdminPage';
import { AnnouncementsPage } from './announcements/AnnouncementsPage';
import { GroupsPage } from './groups/GroupsPage';
import { SigningListPage } from './signing/SigningListPage';

function NoAccess() {
  return (
    <div className="card" role="alert">
      <h1>Không có quyền truy cập</h1>
      <p>Trang này dành cho vai trò khác. <Link to="/">Về trang chủ</Link></p>
    </div>
  );
}

function Screen({ path }: { path: string }) {
  const { user } = useSession();
  const allowed = (roles: string[]) => Boolean(user?.isSystemAdmin && roles.includes('admin')) || roles.some((r) => hasRole(user, r));
  const doc = /^\/van-ban\/([0-9a-f-]{36})$/.exec(path);
  if (doc) return <DocumentPage key={doc[1]} id={doc[1]} />;
  const list = /^\/danh-sach\/([a-z-]+)$/.exec(path);
  const book = list ? bookBySlug(list[1]) : path === '/tim-kiem' ? 'all' : undefined;
  if (book) return <DocumentListPage key={book} book={book} />;
  const dossier = /^\/ho-so\/([0-9a-f-]{36})$/.exec(path);
  if (dossier) return <DossierPage key={dossier[1]} id={dossier[1]} />;
  switch (path) {
    case '/':
      return <HomePage />;
    case '/van-ban-den/moi':
      return <RegisterIncomingPage />;
    case '/du-thao/moi':
      return <NewDraftPage />;
    case '/so-van-ban':
      return <RegistersPage />;
    case '/bao-cao':
      return <ReportsPage />;
    case '/ho-so':
      return <DossierListPage />;
    case '/luu-tru':
      return <ArchivePage />;
    case '/ho-so/moi':
      return <NewDossierPage key={location.search} />;
    case '/lien-thong/nhap':
      return <ExchangeImportPage />;
    case '/lien-thong/gui-loi':
      return <ExchangeOutboxPage />;
    case '/tai-khoan':
      return <AccountPage />;
    case '/thong-bao':
      return <AnnouncementsPage />;
    case '/ky-so':
      return allowed(['leader']) ? <SigningListPage /> : <NoAccess />;
    case '/nhom-gui-nhanh':
      return allowed(['clerk', 'admin']) ? <GroupsPage /> : <NoAccess />;
    case '/quan-tri/tai-khoan':
      return allowed(['admin']) ? <UsersAdminPage /> : <NoAccess />;
    case '/quan-tri/co-quan':
      return allowed(['admin']) ? <OrganizationAdminPage /> : <NoAccess />;
    case '/quan-tri/danh-muc':
      return allowed(['admin']) ? <CataloguesAdminPage /> : <NoAccess />;
    case '/quan-tri/so-van-ban':
      return hasRole(user, 'admin') ? <RegistersAdminPage /> : <NoAccess />;
    case '/quan-tri/cay-co-quan':
      return user?.isSystemAdmin ? <OrgTreeAdminPage /> : <NoAccess />;
    default:
      return (
        <div className="card">
          <h1>Không tìm thấy trang</h1>
          <Link to="/">Về trang chủ</Link>
        </div>
      );
  }
}

export function App() {
  const { user } = useSession();
  const path = usePath();
  if (!user) return <LoginPage />;
  // After an administrator's reset nothing else works until the password is changed.
  if (user.mustChangePassword) {
    return (
      <main id="noi-dung" className="forced-password">
        <ChangePasswordForm forced onDone={() => location.reload()} />
      </main>
    );
  }
  return (
    <LiveProvider key={user.id}>
      <Layout path={path}>
        <Screen path={path} />
      </Layout>
    </LiveProvider>
  );
}
