import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';

/** Own password change; the server's policy decides, its message is shown as is. */
export function ChangePasswordForm({ onDone, forced }: { onDone?: () => void; forced?: boolean }) {
  const { api } = useSession();
  const notify = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setError('Hai lần nhập mật khẩu mới không khớp.');
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ sessionsEnded: number }>('/auth/password', { currentPassword: current, newPassword: next });
      notify(`Đã đổi mật khẩu.${r.sessionsEnded ? ` ${r.sessionsEnded} phiên đăng nhập khác đã bị đăng xuất.` : ''}`, 'success');
      setCurrent('');
      setNext('');
      setAgain('');
      onDone?.();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="doi-mat-khau">
      <h2 id="doi-mat-khau" className="wide">{forced ? 'Cần đổi mật khẩu trước khi tiếp tục' : 'Đổi mật khẩu'}</h2>
      {forced && <p className="wide muted">Mật khẩu của bạn vừa được quản trị đặt lại. Hãy chọn mật khẩu riêng.</p>}
      <Field label={forced ? 'Mật khẩu được cấp' : 'Mật khẩu hiện tại'} wide>
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </Field>
      <Field label="Mật khẩu mới" hint="Ít nhất 10 ký tự; không chứa tên đăng nhập; không phải mật khẩu phổ biến hay dãy 12345678, aaaaaaaa.">
        <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
      </Field>
      <Field label="Nhập lại mật khẩu mới">
        <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
      </Field>
      <div className="wide">
        <Alert>{error}</Alert>
        <FormActions label="Đổi mật khẩu" busy={busy} busyLabel="Đang đổi…" />
      </div>
    </form>
  );
}
