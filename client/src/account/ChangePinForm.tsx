import { useSession } from '../session';
import { useToast } from '../ui/toasts';
import { SecretChangeForm } from './SecretChangeForm';

const PIN_INPUT = { inputMode: 'numeric', autoComplete: 'off' };

/** A leader re-seals the key the server holds for them under a new PIN; the server's rules decide. */
export function ChangePinForm() {
  const { api } = useSession();
  const notify = useToast();
  return (
    <SecretChangeForm
      text={{ noun: 'PIN', currentLabel: 'PIN hiện tại', newHint: 'Ít nhất 6 ký tự; không dùng dãy lặp hay liên tiếp như 111111, 123456.', submitLabel: 'Đổi PIN' }}
      headingId="doi-pin"
      heading={<h3 id="doi-pin" className="wide">Đổi PIN khoá ký số (khoá do hệ thống giữ)</h3>}
      inputProps={{ current: PIN_INPUT, next: PIN_INPUT }}
      change={async (currentPin, newPin) => {
        await api.post('/auth/signing-pin', { currentPin, newPin });
        notify('Đã đổi PIN của khoá ký số.', 'success');
      }}
    />
  );
}
