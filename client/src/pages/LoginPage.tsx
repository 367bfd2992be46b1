import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/Alert';
import { errorText } from '../api/http';
import { useSession } from '../session';

export function LoginPage() {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) return setError('Vui lòng nhập tên đăng nhập và mật khẩu.');
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page" id="noi-dung">
      <form className="card login-card" onSubmit={submit} noValidate>
        <div className="brand-mark big" aria-hidden="true">
          VB
        </div>
        <h1>Hệ thống quản lý văn bản và điều hành</h1>
        <p className="muted">Đăng nhập bằng tài khoản do quản trị hệ thống cấp.</p>
        <label>
          Tên đăng nhập
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          Mật khẩu
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <Alert>{error}</Alert>
        <button type="submit" disabled={busy}>
          {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
    </main>
  );
}
