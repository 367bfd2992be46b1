import { useSession } from '../session';
import { useToast } from '../ui/toasts';
import { SecretChangeForm } from './SecretChangeForm';

/** Own password change; the server's policy decides, its message is shown as is. */
export function ChangePasswordForm({ onDone, forced }: { onDone?: () => void; forced?: boolean }) {
  const { api } = useSession();
  const notify = useToast();
  return (
    <SecretChangeForm
      className="card"
      headingId="doi-mat-khau"
      text={{ noun: 'mật khẩu', currentLabel: forced ? 'Mật khẩu được cấp' : 'Mật khẩu hiện tại', newHint: 'Ít nhất 10 ký tự; không chứa tên đăng nhập; không phải mật khẩu phổ biến hay dãy 12345678, aaaaaaaa.', submitLabel: 'Đổi mật khẩu' }}
      heading={<h2 id="doi-mat-khau" className="wide">{forced ? 'Cần đổi mật khẩu trước khi tiếp tục' : 'Đổi mật khẩu'}</h2>}
      intro={forced && <p className="wide muted">Mật khẩu của bạn vừa được quản trị đặt lại. Hãy chọn mật khẩu riêng.</p>}
      inputProps={{ current: { autoComplete: 'current-password' }, next: { autoComplete: 'new-password' } }}
      change={async (currentPassword, newPassword) => {
        const r = await api.post<{ sessionsEnded: number }>('/auth/password', { currentPassword, newPassword });
        notify(`Đã đổi mật khẩu.${r.sessionsEnded ? ` ${r.sessionsEnded} phiên đăng nhập khác đã bị đăng xuất.` : ''}`, 'success');
        onDone?.();
      }}
    />
  );
}
