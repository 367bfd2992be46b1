import { useId, useState, type FormEvent } from 'react';
import { Alert, FormActions } from '../ui/Alert';

interface Props {
  label: string;
  submitLabel: string;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
  required?: boolean;
}

/** A short text (a reason, a comment, a result) and a confirm button. */
export function ReasonForm({ label, submitLabel, onSubmit, onCancel, required = true }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const missing = required && text.trim().length < 2;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (missing) return;
    setBusy(true);
    try {
      await onSubmit(text.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
      {tried && missing && <Alert inline>Vui lòng nhập nội dung.</Alert>}
      <FormActions label={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}
