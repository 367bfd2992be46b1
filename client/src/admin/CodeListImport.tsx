import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { CodeListReport } from '../../../server/contract/administration';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';

/** Upload of the national code list (JSON or CSV): the file is read here and sent as text; the report lists each refused line. */
export function CodeListImport({ onDone }: { onDone: () => void }) {
  const { api } = useSession();
  const notify = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<CodeListReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    if (!file) return setError('Hãy chọn tệp danh mục (.json hoặc .csv)');
    setBusy(true);
    try {
      const r = await api.post<CodeListReport>('/organizations/import-codes', { fileName: file.name, content: await file.text() });
      setReport(r);
      notify(`Đã nhập danh mục: ${r.created} mới, ${r.updated} cập nhật, ${r.errors.length} lỗi.`, r.errors.length ? 'info' : 'success');
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="nhap-ma">
      <h2 id="nhap-ma">Nhập danh mục mã định danh</h2>
      <p className="muted">Tệp JSON (mảng các mục code, name, level, parentCode, abbreviation) hoặc CSV có dòng tiêu đề (Mã định danh; Tên cơ quan; Cấp; Mã cấp trên; Viết tắt). Mã đã có được cập nhật tên, cấp và cơ quan cấp trên.</p>
      <form className="form-grid" onSubmit={submit} noValidate>
        <Field label="Tệp danh mục (.json, .csv)"><input type="file" accept=".json,.csv,application/json,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></Field>
        <div><FormActions label="Nhập danh mục" busy={busy} busyLabel="Đang nhập…" /></div>
      </form>
      <Alert>{error}</Alert>
      {report && (
        <div data-testid="import-report" role="status">
          <p>
            Tạo mới <strong>{report.created}</strong> · Cập nhật <strong>{report.updated}</strong> · Không đổi <strong>{report.unchanged}</strong> · Lỗi <strong>{report.errors.length}</strong>
          </p>
          {report.errors.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">Dòng</th><th scope="col">Mã</th><th scope="col">Lỗi</th></tr></thead>
                <tbody>
                  {report.errors.map((er) => (
                    <tr key={`${er.line}-${er.code}`} data-testid="import-error"><td>{er.line}</td><td>{er.code}</td><td>{er.message}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
