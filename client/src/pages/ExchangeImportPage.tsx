import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { ImportResult } from '../api/types';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { Link } from '../ui/Link';

/** The clerk imports an edXML package received outside the axis (e-mail, USB): it joins the waiting list. */
export function ExchangeImportPage() {
  const { api } = useSession();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [documentIds, setDocumentIds] = useState<string[] | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError('Hãy chọn tệp gói tin edXML (.edxml hoặc .xml).');
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    try {
      setDocumentIds((await api.upload<ImportResult>('/exchange/import', form)).documentIds);
      setFile(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="tieu-de-nhap-edxml">
      <h1 id="tieu-de-nhap-edxml">Nhập gói tin edXML</h1>
      <p className="muted">
        Gói tin theo QCVN 102:2016 nhận ngoài trục liên thông (thư điện tử, thiết bị lưu trữ). Nơi nhận trong gói tin phải là cơ quan của bạn; chữ ký số
        trên tệp PDF được kiểm tra như mọi văn bản điện tử, sau đó văn bản vào danh sách chờ tiếp nhận.
      </p>
      <label className="field" htmlFor={inputId}>
        <span className="field-label">Tệp gói tin</span>
        <input id={inputId} type="file" accept=".edxml,.xml,application/xml,text/xml" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <Alert>{error}</Alert>
      {documentIds && (
        <p role="status">
          Đã nhận {documentIds.length} văn bản:{' '}
          {documentIds.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link to={`/van-ban/${id}`}>mở văn bản {i + 1}</Link>
            </span>
          ))}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Đang nhập…' : 'Nhập gói tin'}
        </button>
      </div>
    </form>
  );
}
