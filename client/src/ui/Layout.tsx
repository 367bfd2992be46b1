import { useState, type ReactNode } from 'react';
import { useLive } from '../realtime';
import { hasRole, useSession } from '../session';
import { USER_ROLE_NAMES } from '../format';
import { Link } from './Link';
import { HeaderSearch } from './HeaderSearch';
import { NotificationPanel } from './NotificationPanel';

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { user, logout } = useSession();
  const { unread, connected, setUnread, tick } = useLive();
  const [bellOpen, setBellOpen] = useState(false);
  const nav: [string, string, boolean][] = [
    ['/', 'Trang chủ', true],
    ['/danh-sach/den', 'Danh sách văn bản', true],
    ['/van-ban-den/moi', 'Vào sổ văn bản đến', hasRole(user, 'clerk')],
    ['/du-thao/moi', 'Tạo dự thảo', true],
    ['/ho-so', 'Hồ sơ công việc', true],
    ['/so-van-ban', 'Sổ văn bản', hasRole(user, 'clerk') || hasRole(user, 'leader')],
    ['/bao-cao', 'Báo cáo', hasRole(user, 'clerk') || hasRole(user, 'leader')],
    ['/luu-tru', 'Lưu trữ', hasRole(user, 'clerk') || hasRole(user, 'leader')],
    ['/lien-thong/nhap', 'Nhập edXML', hasRole(user, 'clerk')],
    ['/lien-thong/gui-loi', 'Liên thông gửi lỗi', Boolean(user?.isSystemAdmin) || hasRole(user, 'admin')],
    ['/thong-bao', 'Thông báo', Boolean(user?.orgCode)],
    ['/ky-so', 'Ký số', hasRole(user, 'leader')],
    ['/nhom-gui-nhanh', 'Nhóm gửi nhanh', hasRole(user, 'clerk') || hasRole(user, 'admin')],
    ['/quan-tri/tai-khoan', 'Quản trị', hasRole(user, 'admin') || Boolean(user?.isSystemAdmin)],
    ['/tai-khoan', 'Tài khoản', true],
  ];
  return (
    <>
      <a className="skip-link" href="#noi-dung">
        Bỏ qua đến nội dung chính
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            VB
          </span>
          <span>
            <strong>Quản lý văn bản và điều hành</strong>
            <small>{user?.orgName}</small>
          </span>
        </div>
        <nav aria-label="Chức năng chính">
          {nav
            .filter(([, , show]) => show)
            .map(([to, label]) => (
              <Link key={to} to={to} className={path === to || (to.startsWith('/danh-sach') && path.startsWith('/danh-sach')) ? 'active' : undefined}>
                {label}
              </Link>
            ))}
        </nav>
        <HeaderSearch />
        <div className="user-box">
          <button type="button" className="bell" onClick={() => setBellOpen((o) => !o)} aria-expanded={bellOpen} aria-label={`${unread} thông báo chưa đọc. Mở lịch sử thông báo`} title={connected ? 'Đang nhận thông báo trực tiếp' : 'Mất kết nối trực tiếp: cập nhật định kỳ'}>
            <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
              <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
            </svg>
            {unread > 0 && <span className="badge" data-testid="unread">{unread}</span>}
            <span className={`dot ${connected ? 'on' : 'off'}`} aria-hidden="true" />
          </button>
          {bellOpen && <NotificationPanel onUnread={setUnread} onClose={() => setBellOpen(false)} tick={tick} />}
          <span className="who">
            {user?.fullName}
            <small>{[user?.position, ...(user?.roles ?? []).map((r) => USER_ROLE_NAMES[r] ?? r)].filter(Boolean).join(' · ')}</small>
          </span>
          <button type="button" className="secondary" onClick={() => void logout()}>
            Đăng xuất
          </button>
        </div>
      </header>
      <main id="noi-dung" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
