import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';

/** A leader re-seals the key the server holds for them under a new PIN; the server's rules decide. */
export function ChangePinForm() {
  const { api } = useSession();
  const notify = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setError('Hai lần nhập PIN mới không khớp.');
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/signing-pin', { currentPin: current, newPin: next });
      notify('Đã đổi PIN của khoá ký số.', 'success');
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="doi-pin">
      <h3 id="doi-pin" className="wide">Đổi PIN khoá ký số (khoá do hệ thống giữ)</h3>
      <Field label="PIN hiện tại" wide>
        <input type="password" inputMode="numeric" autoComplete="off" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </Field>
      <Field label="PIN mới" hint="Ít nhất 6 ký tự; không dùng dãy lặp hay liên tiếp như 111111, 123456.">
        <input type="password" inputMode="numeric" autoComplete="off" value={next} onChange={(e) => setNext(e.target.value)} required />
      </Field>
      <Field label="Nhập lại PIN mới">
        <input type="password" inputMode="numeric" autoComplete="off" value={again} onChange={(e) => setAgain(e.target.value)} required />
      </Field>
      <div className="wide">
        <Alert>{error}</Alert>
        <FormActions label="Đổi PIN" busy={busy} busyLabel="Đang đổi…" />
      </div>
    </form>
  );
}
