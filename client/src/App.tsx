import { DocumentPage } from './document/DocumentPage';
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

function Screen({ path }: { path: string }) {
  const doc = /^\/van-ban\/([0-9a-f-]{36})$/.exec(path);
  if (doc) return <DocumentPage key={doc[1]} id={doc[1]} />;
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
