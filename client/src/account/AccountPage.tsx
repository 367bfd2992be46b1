import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { User } from '../api/types';
import { USER_ROLE_NAMES } from '../format';
import { hasRole, useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionsCard } from './SessionsCard';
import { SigningSetupCard } from './SigningSetupCard';

const PREFS: [string, string][] = [
  ['inbox', 'Văn bản mới đến, được trình'],
  ['assignments', 'Việc được giao, cập nhật tiến độ'],
  ['deadlines', 'Sắp đến hạn, quá hạn'],
  ['delivery', 'Tình trạng gửi văn bản'],
  ['announcements', 'Thông báo nội bộ'],
  ['email', 'Gửi kèm thư điện tử'],
];

/** The personal account: profile, password, sessions, notification preferences, signing set-up. */
export function AccountPage() {
  const { api, user, replaceUser } = useSession();
  const notify = useToast();
  const [fullName, setFullName] = useState(user?.fullName ?? '');
  const [position, setPosition] = useState(user?.position ?? '');
  const [prefs, setPrefs] = useState<Record<string, boolean>>(() => Object.fromEntries(PREFS.map(([k]) => [k, user?.notificationPrefs?.[k] ?? k !== 'email'])));
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      // The live feed reads the preferences from the session: they apply without signing in again.
      replaceUser(await api.post<User>('/auth/profile', { fullName, position, notificationPrefs: prefs }));
      notify('Đã lưu thông tin cá nhân.', 'success');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div>
      <h1>Tài khoản của tôi</h1>
      <form className="card form-grid" onSubmit={save} noValidate aria-labelledby="ho-so">
        <h2 id="ho-so" className="wide">Hồ sơ</h2>
        <p className="wide muted">
          Tên đăng nhập: <strong>{user?.username}</strong> · {user?.orgName ?? 'Quản trị hệ thống'}
          {user?.unit ? ` · ${user.unit.name}` : ''} · Vai trò: {(user?.roles ?? []).map((r) => USER_ROLE_NAMES[r] ?? r).join(', ') || 'Quản trị hệ thống'}
        </p>
        <Field label="Họ và tên">
          <input value={fullName} onChange={(e) => setFullName(e.target.value)} required />
        </Field>
        <Field label="Chức vụ">
          <input value={position} onChange={(e) => setPosition(e.target.value)} />
        </Field>
        <fieldset className="wide check-list">
          <legend>Nhận thông báo về</legend>
          {PREFS.map(([key, label]) => (
            <label key={key}>
              <input type="checkbox" checked={prefs[key]} onChange={(e) => setPrefs({ ...prefs, [key]: e.target.checked })} /> {label}
            </label>
          ))}
        </fieldset>
        <div className="wide">
          <Alert>{error}</Alert>
          <FormActions label="Lưu hồ sơ" />
        </div>
      </form>
      <ChangePasswordForm />
      <SessionsCard />
      {hasRole(user, 'leader') && <SigningSetupCard />}
    </div>
  );
}
