import { useState, type FormEvent } from 'react';
import { Alert, FormActions } from '../ui/Alert';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { FileDrop } from '../ui/FileDrop';
import { useToast } from '../ui/toasts';

/** A new version of a draft; earlier versions are kept by the server. */
export function VersionUpload({ documentId, onDone, onCancel }: { documentId: string; onDone: () => void; onCancel: () => void }) {
  const { api } = useSession();
  const notify = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setError('Cần tệp PDF dự thảo mới.');
    setBusy(true);
    try {
      const form = new FormData();
      form.append('meta', JSON.stringify(note.trim() ? { note: note.trim() } : {}));
      form.append('file', file, file.name);
      await api.upload(`/documents/${documentId}/versions`, form);
      notify('Đã lưu phiên bản mới.', 'success');
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <FileDrop file={file} onFile={setFile} label="Tệp PDF phiên bản mới" />
      <label>
        Ghi chú thay đổi
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <Alert inline>{error}</Alert>
      <FormActions label="Lưu phiên bản" busy={busy} onCancel={onCancel} />
    </form>
  );
}
