import { fieldErrors, incomingMetaSchema } from '../../../server/contract/documents';
import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../ui/Alert';
import { errorText } from '../api/http';
import { DOC_TYPES, SECRECY_OPTIONS, URGENCY_OPTIONS } from '../doc-options';
import { todayIso } from '../format';
import { PdfView } from '../pdf/PdfView';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { Field } from '../ui/Field';
import { FileDrop } from '../ui/FileDrop';
import { Link } from '../ui/Link';

interface Meta {
  issuer: string;
  symbol: string;
  docType: string;
  issuedDate: string;
  subject: string;
  urgency: string;
  secrecy: string;
  pages: string;
}

interface Registered {
  id: string;
  arrivalNumberText: string;
  warnings?: string[];
}

const blank = (): Meta => ({ issuer: '', symbol: '', docType: 'CV', issuedDate: todayIso(), subject: '', urgency: 'normal', secrecy: 'normal', pages: '1' });

function validate(m: Meta, file: File | null): Partial<Record<keyof Meta | 'file', string>> {
  // The server's own rules and messages; then what only the form knows (plausibility hints, the file).
  const e: Partial<Record<keyof Meta | 'file', string>> = fieldErrors(incomingMetaSchema, m);
  if (!e.symbol && !/\d/.test(m.symbol)) e.symbol = 'Số, ký hiệu thường có dạng 45/UBND-VP';
  if (!e.issuedDate && m.issuedDate > todayIso()) e.issuedDate = 'Ngày ban hành không thể sau hôm nay';
  if (m.secrecy === 'normal' && !file) e.file = 'Cần tệp PDF bản quét';
  return e;
}

/** The clerk registers a scanned paper document and gets its arrival number. */
export function RegisterIncomingPage() {
  const { api } = useSession();
  const { refresh } = useLive();
  const [meta, setMeta] = useState<Meta>(blank);
  const [file, setFile] = useState<File | null>(null);
  const [bytes, setBytes] = useState<ArrayBuffer | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Registered | null>(null);
  const secret = meta.secrecy !== 'normal';

  useEffect(() => {
    if (!file) return setBytes(null);
    let live = true;
    void file.arrayBuffer().then((b) => live && setBytes(b));
    return () => {
      live = false;
    };
  }, [file]);

  const errors = tried ? validate(meta, file) : {};
  const set = (k: keyof Meta) => (e: { target: { value: string } }) => setMeta((m) => ({ ...m, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(validate(meta, file)).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      const body = { ...meta, issuer: meta.issuer.trim(), symbol: meta.symbol.trim(), subject: meta.subject.trim(), pages: Number(meta.pages) };
      // meta first: the server checks it (a secret document carries no file) before reading the file.
      form.append('meta', JSON.stringify(body));
      if (file && !secret) form.append('file', file, file.name);
      setDone(await api.upload<Registered>('/incoming', form));
      void refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <div className="card success-card" role="status">
        <h1>Đã vào sổ văn bản đến</h1>
        <p className="arrival">
          Số đến: <strong data-testid="arrival-number">{done.arrivalNumberText}</strong>
        </p>
        {done.warnings?.map((w) => (
          <p key={w} className="warning">
            {w}
          </p>
        ))}
        <div className="actions">
          <Link to={`/van-ban/${done.id}`} className="button">
            Mở văn bản
          </Link>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDone(null);
              setMeta(blank());
              setFile(null);
              setTried(false);
            }}
          >
            Vào sổ văn bản khác
          </button>
        </div>
      </div>
    );

  return (
    <div className="split">
      <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="tieu-de-vao-so">
        <h1 id="tieu-de-vao-so">Vào sổ văn bản đến (bản giấy)</h1>
        {!secret && (
          <FileDrop
            file={file}
            label="Tệp PDF bản quét"
            error={errors.file}
            onFile={setFile}
          />
        )}
        {secret && <p className="warning">Văn bản mật không được lưu tệp trên hệ thống: chỉ đăng ký thông tin.</p>}
        <Field label="Cơ quan ban hành" error={errors.issuer} wide>
          <input value={meta.issuer} onChange={set('issuer')} placeholder="Ủy ban nhân dân huyện Tiên Du" />
        </Field>
        <Field label="Số, ký hiệu" error={errors.symbol}>
          <input value={meta.symbol} onChange={set('symbol')} placeholder="45/UBND-VP" />
        </Field>
        <Field label="Ngày văn bản" error={errors.issuedDate}>
          <input type="date" value={meta.issuedDate} onChange={set('issuedDate')} max={todayIso()} />
        </Field>
        <Field label="Loại văn bản">
          <select value={meta.docType} onChange={set('docType')}>
            {Object.entries(DOC_TYPES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Số trang" error={errors.pages}>
          <input type="number" min={1} value={meta.pages} onChange={set('pages')} />
        </Field>
        <Field label="Trích yếu nội dung" error={errors.subject} wide>
          <textarea rows={3} value={meta.subject} onChange={set('subject')} />
        </Field>
        <Field label="Độ khẩn">
          <select value={meta.urgency} onChange={set('urgency')}>
            {URGENCY_OPTIONS.map(([v, t]) => (
              <option key={v} value={v}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Độ mật">
          <select value={meta.secrecy} onChange={set('secrecy')}>
            {SECRECY_OPTIONS.map(([v, t]) => (
              <option key={v} value={v}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Alert wide>{error}</Alert>
        <div className="actions wide">
          <button type="submit" disabled={busy}>
            {busy ? 'Đang vào sổ…' : 'Vào sổ và cấp số đến'}
          </button>
        </div>
      </form>
      <section className="card preview" aria-label="Xem trước tệp">
        <h2>Xem trước</h2>
        <PdfView bytes={secret ? null : bytes} label="Bản quét văn bản đến" onDocument={(d) => d && setMeta((m) => ({ ...m, pages: String(d.numPages) }))} />
      </section>
    </div>
  );
}
