import { useEffect, useState, type FormEvent } from 'react';
import type { AnnouncementView } from '../../../server/announcements/announcement-view';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';

/** Title, text, recipients (the whole agency or chosen units), expiry and attachments. */
export function PostAnnouncementForm({ onCancel, onPosted }: { onCancel: () => void; onPosted: (id: string) => void }) {
  const { api, user } = useSession();
  const notify = useToast();
  const [units, setUnits] = useState<{ id: string; name: string }[]>([]);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [expiresAt, setExpiresAt] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (user?.orgCode) api.get<{ units: { id: string; name: string }[] }>(`/organizations/${user.orgCode}`).then((o) => setUnits(o.units ?? [])).catch(() => undefined);
  }, [api, user?.orgCode]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (title.trim().length < 3) return setError('Tiêu đề cần ít nhất 3 ký tự.');
    if (!body.trim()) return setError('Cần nội dung thông báo.');
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('meta', JSON.stringify({ title, body, unitIds: chosen, expiresAt: expiresAt || null }));
      for (const f of files) form.append('files', f, f.name);
      const posted = await api.upload<AnnouncementView>('/announcements', form);
      notify(`Đã đăng thông báo đến ${posted.recipientCount} người.`, 'success');
      onPosted(posted.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="dang-thong-bao">
      <h2 id="dang-thong-bao" className="wide">Đăng thông báo nội bộ</h2>
      <Field label="Tiêu đề" wide>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required autoFocus />
      </Field>
      <Field label="Nội dung" wide>
        <textarea rows={5} value={body} onChange={(e) => setBody(e.target.value)} required />
      </Field>
      <fieldset className="wide check-list">
        <legend>Gửi đến (không chọn: toàn cơ quan)</legend>
        {units.map((u) => (
          <label key={u.id}>
            <input type="checkbox" checked={chosen.includes(u.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, u.id] : chosen.filter((x) => x !== u.id))} /> {u.name}
          </label>
        ))}
      </fieldset>
      <Field label="Hết hạn (không bắt buộc)">
        <input type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
      </Field>
      <Field label="Tệp đính kèm (tối đa 5 tệp: PDF, Word, Excel, ảnh, ZIP)">
        <input type="file" multiple accept=".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.png,.jpg,.jpeg,.zip" onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 5))} />
      </Field>
      <div className="wide">
        <Alert>{error}</Alert>
        <FormActions label="Đăng thông báo" busy={busy} busyLabel="Đang đăng…" onCancel={onCancel} />
      </div>
    </form>
  );
}
