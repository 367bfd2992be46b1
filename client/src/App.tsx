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
import { useSession } from './session';
import { Layout } from './ui/Layout';
import { Link } from './ui/Link';
import { DossierListPage } from './dossiers/DossierListPage';
import { DossierPage } from './dossiers/DossierPage';
import { NewDossierPage } from './dossiers/NewDossierPage';
import { ArchivePage } from './dossiers/ArchivePage';

function Screen({ path }: { path: string }) {
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
  return (
    <LiveProvider key={user.id}>
      <Layout path={path}>
        <Screen path={path} />
      </Layout>
    </LiveProvider>
  );
}
