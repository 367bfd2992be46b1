import { fieldErrors, outgoingMetaSchema } from '../../../server/contract/documents';
import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../ui/Alert';
import { errorText } from '../api/http';
import type { DocumentDetail, DocumentView } from '../api/types';
import { DOC_TYPES, URGENCY_OPTIONS } from '../doc-options';
import { OrgPicker } from '../org/OrgPicker';
import { PdfView } from '../pdf/PdfView';
import { useLive } from '../realtime';
import { navigate } from '../router';
import { useSession } from '../session';
import { Field } from '../ui/Field';
import { FileDrop } from '../ui/FileDrop';
import { useToast } from '../ui/toasts';
import { useOrgPeople } from '../document/useOrgPeople';

/** An official uploads a draft (version 1) with its type, subject and recipients. */
export function NewDraftPage() {
  const { api, user } = useSession();
  const { refresh } = useLive();
  const notify = useToast();
  const [docType, setDocType] = useState('CV');
  const [subject, setSubject] = useState('');
  const [urgency, setUrgency] = useState('normal');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [internalUnits, setInternalUnits] = useState<string[]>([]);
  const people = useOrgPeople();
  const [file, setFile] = useState<File | null>(null);
  const [bytes, setBytes] = useState<ArrayBuffer | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Drafting the answer to an incoming document (?tra-loi=<id>): prefilled from it, linked to it.
  const [answering] = useState(() => new URLSearchParams(location.search).get('tra-loi'));
  const [answered, setAnswered] = useState<DocumentView | null>(null);

  // The agency's document types in use (administration catalogue); none chosen: every Decree 30 type.
  const [typesInUse, setTypesInUse] = useState<[string, string][] | null>(null);
  useEffect(() => {
    if (!user?.orgCode) return;
    api
      .get<{ items: { code: string; name: string }[] }>(`/organizations/${encodeURIComponent(user.orgCode)}/catalog?kind=doc_type&active=true`)
      .then((r) => {
        if (r.items.length === 0) return;
        setTypesInUse(r.items.map((i) => [i.code, i.name]));
        setDocType((t) => (r.items.some((i) => i.code === t) ? t : r.items[0].code));
      })
      .catch(() => undefined);
  }, [api, user?.orgCode]);

  useEffect(() => {
    if (!answering) return;
    api
      .get<DocumentDetail>(`/documents/${answering}`)
      .then(({ document: d }) => {
        setAnswered(d);
        setSubject((s) => s || `V/v trả lời Văn bản số ${d.symbol ?? ''} ngày ${d.issuedDate ? d.issuedDate.split('-').reverse().join('/') : ''} của ${d.issuer ?? ''} ${d.subject.replace(/^(Về việc|V\/v)\s*/i, 'về việc ')}`.replace(/\s+/g, ' ').trim());
        if (d.issuerCode && d.issuerCode !== user?.orgCode) setRecipients((r) => (r.length ? r : [d.issuerCode!]));
      })
      .catch((err) => setError(errorText(err)));
  }, [api, answering, user?.orgCode]);

  useEffect(() => {
    if (!file) return setBytes(null);
    void file.arrayBuffer().then(setBytes);
  }, [file]);

  const errors = {
    subject: tried ? fieldErrors(outgoingMetaSchema.shape.subject, subject)[''] : undefined,
    file: tried && !file ? 'Cần tệp PDF dự thảo' : undefined,
    recipients: tried && recipients.length + internalUnits.length === 0 ? 'Chọn ít nhất một nơi nhận (cơ quan khác hoặc đơn vị trong cơ quan)' : undefined,
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (fieldErrors(outgoingMetaSchema.shape.subject, subject)[''] || !file || recipients.length + internalUnits.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('meta', JSON.stringify({ docType, subject: subject.trim(), urgency, secrecy: 'normal', recipients, internalRecipients: internalUnits.map((unitId) => ({ unitId })), answers: answering ? [answering] : [] }));
      form.append('file', file, file.name);
      const doc = await api.upload<DocumentView>('/outgoing', form);
      notify('Đã tạo dự thảo.', 'success');
      void refresh();
      navigate(`/van-ban/${doc.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="split">
      <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="tieu-de-du-thao">
        <h1 id="tieu-de-du-thao">{answering ? 'Soạn văn bản trả lời' : 'Tạo dự thảo văn bản đi'}</h1>
        {answered && (
          <p className="wide muted" data-testid="answering">
            Trả lời văn bản đến {answered.symbol} — {answered.subject}
          </p>
        )}
        <FileDrop file={file} onFile={setFile} label="Tệp PDF dự thảo" error={errors.file} />
        <Field label="Loại văn bản">
          <select value={docType} onChange={(e) => setDocType(e.target.value)}>
            {(typesInUse ?? Object.entries(DOC_TYPES)).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Độ khẩn">
          <select value={urgency} onChange={(e) => setUrgency(e.target.value)}>
            {URGENCY_OPTIONS.map(([v, t]) => (
              <option key={v} value={v}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Trích yếu nội dung" error={errors.subject} wide>
          <textarea rows={3} value={subject} onChange={(e) => setSubject(e.target.value)} />
        </Field>
        <div className="wide">
          <OrgPicker selected={recipients} onChange={setRecipients} exclude={user?.orgCode} />
          {people && people.units.length > 0 && (
            <fieldset className="internal-recipients">
              <legend>Nơi nhận trong cơ quan</legend>
              {people.units.map((u) => (
                <label key={u.id} className="check">
                  <input
                    type="checkbox"
                    checked={internalUnits.includes(u.id)}
                    onChange={(e) => setInternalUnits((cur) => (e.target.checked ? [...cur, u.id] : cur.filter((x) => x !== u.id)))}
                  />
                  {u.name} ({u.abbreviation})
                </label>
              ))}
            </fieldset>
          )}
          <Alert>{errors.recipients}</Alert>
        </div>
        <Alert wide>{error}</Alert>
        <div className="actions wide">
          <button type="submit" disabled={busy}>
            {busy ? 'Đang lưu…' : 'Lưu dự thảo'}
          </button>
        </div>
      </form>
      <section className="card preview" aria-label="Xem trước dự thảo">
        <h2>Xem trước</h2>
        <PdfView bytes={bytes} label="Dự thảo" />
      </section>
    </div>
  );
}
