import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { User } from '../api/types';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { useToast } from '../ui/toasts';

/** Lock / unlock and password reset for one account. */
export function UserRowActions({ target, self, onChanged }: { target: User; self: boolean; onChanged: () => void }) {
  const { api } = useSession();
  const notify = useToast();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (self) return <span className="muted">(bạn)</span>;
  const lock = async () => {
    setError(null);
    try {
      await api.post(`/users/${target.id}/${target.locked ? 'unlock' : 'lock'}`, {});
      notify(target.locked ? `Đã mở khoá ${target.fullName}.` : `Đã khoá ${target.fullName}: mọi phiên đăng nhập bị ngắt.`, 'success');
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const reset = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/users/${target.id}/reset-password`, { newPassword: password });
      notify(`Đã đặt lại mật khẩu cho ${target.fullName}; người dùng phải đổi khi đăng nhập.`, 'success');
      setResetting(false);
      setPassword('');
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div>
      <div className="actions">
        <button type="button" className={target.locked ? 'secondary' : 'danger'} onClick={() => void lock()} aria-label={`${target.locked ? 'Mở khoá' : 'Khoá'} ${target.fullName}`}>
          {target.locked ? 'Mở khoá' : 'Khoá'}
        </button>
        <button type="button" className="secondary" onClick={() => setResetting(!resetting)} aria-label={`Đặt lại mật khẩu ${target.fullName}`}>Đặt lại mật khẩu</button>
      </div>
      {resetting && (
        <form className="actions" onSubmit={reset}>
          <label>
            Mật khẩu tạm <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
          </label>
          <button type="submit">Lưu</button>
        </form>
      )}
      <Alert inline>{error}</Alert>
    </div>
  );
}
