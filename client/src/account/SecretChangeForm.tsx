import { useState, type FormEvent, type ReactNode } from 'react';
import { errorText } from '../api/http';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';

export interface SecretChangeText {
  /** What is changed, lower case: "mật khẩu", "PIN". */
  noun: string;
  currentLabel: string;
  newHint: string;
  submitLabel: string;
}

/**
 * Current secret, new one twice: the password and the signing PIN are changed alike. `change`
 * calls the server, whose rules decide; its message is shown as is.
 */
export function SecretChangeForm({ text, heading, headingId, intro, inputProps, change, className }: {
  text: SecretChangeText;
  heading: ReactNode;
  /** The heading's id: names the form for assistive technology. */
  headingId: string;
  intro?: ReactNode;
  inputProps: { current: Record<string, string>; next: Record<string, string> };
  change: (current: string, next: string) => Promise<void>;
  className?: string;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setError(`Hai lần nhập ${text.noun} mới không khớp.`);
    setBusy(true);
    setError(null);
    try {
      await change(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const cap = text.noun.charAt(0).toUpperCase() + text.noun.slice(1);
  return (
    <form className={`form-grid ${className ?? ''}`} onSubmit={submit} noValidate aria-labelledby={headingId}>
      {heading}
      {intro}
      <Field label={text.currentLabel} wide>
        <input type="password" {...inputProps.current} value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </Field>
      <Field label={`${cap} mới`} hint={text.newHint}>
        <input type="password" {...inputProps.next} value={next} onChange={(e) => setNext(e.target.value)} required />
      </Field>
      <Field label={`Nhập lại ${text.noun} mới`}>
        <input type="password" {...inputProps.next} value={again} onChange={(e) => setAgain(e.target.value)} required />
      </Field>
      <div className="wide">
        <Alert>{error}</Alert>
        <FormActions label={text.submitLabel} busy={busy} busyLabel="Đang đổi…" />
      </div>
    </form>
  );
}
