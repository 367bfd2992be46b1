import { fieldErrors, signSchema } from '../../../server/contract/documents';
import { useState, type FormEvent } from 'react';
import { Alert, FormActions } from '../ui/Alert';
import { errorText } from '../api/http';
import type { Placement } from './SignatureBox';

interface Props {
  placement: Placement | null;
  onSign: (pin: string) => Promise<void>;
  onCancel: () => void;
}

/** The leader's PIN; the position is the box on the page (its default: over the printed name). */
export function SignForm({ placement, onSign, onCancel }: Props) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = fieldErrors(signSchema, { pin }).pin;
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSign(pin);
    } catch (err) {
      setError(errorText(err));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form sign-form" onSubmit={submit} noValidate>
      <p className="muted">
        {placement
          ? `Chữ ký sẽ đặt tại ô "Chữ ký số" trên trang ${placement.page}. Kéo ô đó (hoặc chọn ô và dùng phím mũi tên) để đổi vị trí.`
          : 'Chữ ký sẽ đặt phía trên họ tên người ký trong văn bản.'}
      </p>
      <label>
        Mã PIN chữ ký số
        <input type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} autoFocus />
      </label>
      <Alert inline>{error}</Alert>
      <FormActions label="Ký số" busy={busy} busyLabel="Đang ký…" onCancel={onCancel} />
    </form>
  );
}
