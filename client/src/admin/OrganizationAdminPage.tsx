import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { User } from '../api/types';
import type { FormerCode } from '../../../server/contract/platform';
import { dateTimeVn } from '../format';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { NameAbbreviationInputs } from './NameAbbreviationInputs';
import { AdminTabs } from './AdminTabs';

interface Unit {
  id: string;
  name: string;
  abbreviation: string;
}


const REASONS: Record<FormerCode['reason'], string> = { merged: 'Sáp nhập vào cơ quan này', recoded: 'Đổi mã', renamed: 'Tên trước khi đổi' };

/** A unit of the agency with its rename form (name, abbreviation), audited by the server. */
function UnitItem({ unit, onSaved }: { unit: Unit; onSaved: () => Promise<void> }) {
  const { api } = useSession();
  const notify = useToast();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(unit.name);
  const [abbreviation, setAbbreviation] = useState(unit.abbreviation);
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/units/${unit.id}`, { name: name.trim(), abbreviation: abbreviation.trim() });
      notify(`Đã đổi tên đơn vị thành ${name.trim()}.`, 'success');
      setEditing(false);
      await onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <li data-testid="unit-item">
      {unit.name} ({unit.abbreviation}){' '}
      <button type="button" className="secondary" aria-expanded={editing} aria-label={`Sửa đơn vị ${unit.name}`} onClick={() => setEditing(!editing)}>
        Sửa
      </button>
      {editing && (
        <form className="actions inline-form" onSubmit={save} noValidate aria-label={`Sửa đơn vị ${unit.name}`}>
          <NameAbbreviationInputs nameLabel="Tên đơn vị" name={name} abbreviation={abbreviation} onName={setName} onAbbreviation={setAbbreviation} />
          <FormActions label="Lưu đơn vị" onCancel={() => setEditing(false)} />
        </form>
      )}
      <Alert inline>{error}</Alert>
    </li>
  );
}

function fileForm(file: File | null, field: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(field, file, file.name);
  return form;
}

/** Units, the agency seal (certificate and image), leaders' certificates and signature images; trust anchors for the system admin. */
export function OrganizationAdminPage() {
  const { api, user } = useSession();
  const notify = useToast();
  const [org, setOrg] = useState(user?.orgCode ?? '');
  const [units, setUnits] = useState<Unit[]>([]);
  const [history, setHistory] = useState<FormerCode[]>([]);
  const [leaders, setLeaders] = useState<User[]>([]);
  const [unitName, setUnitName] = useState('');
  const [unitAbbr, setUnitAbbr] = useState('');
  const [sealP12, setSealP12] = useState<File | null>(null);
  const [sealPassword, setSealPassword] = useState('');
  const [sealImage, setSealImage] = useState<File | null>(null);
  const [leaderId, setLeaderId] = useState('');
  const [leaderP12, setLeaderP12] = useState<File | null>(null);
  const [leaderPassword, setLeaderPassword] = useState('');
  const [leaderPin, setLeaderPin] = useState('');
  const [leaderImage, setLeaderImage] = useState<File | null>(null);
  const [anchors, setAnchors] = useState<{ subject: string; fingerprint: string }[]>([]);
  const [anchorPem, setAnchorPem] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!org) return;
    setError(null);
    try {
      const detail = await api.get<{ units?: Unit[]; formerCodes?: FormerCode[] }>(`/organizations/${encodeURIComponent(org)}`);
      setUnits(detail.units ?? []);
      setHistory(detail.formerCodes ?? []);
      setLeaders((await api.get<{ items: User[] }>(`/users?org=${encodeURIComponent(org)}&pageSize=100`)).items.filter((u) => u.roles.includes('leader')));
      if (user?.isSystemAdmin) setAnchors((await api.get<{ items: { subject: string; fingerprint: string }[] }>('/trust-anchors')).items ?? []);
    } catch (err) {
      setError(errorText(err));
    }
  }, [api, org, user?.isSystemAdmin]);
  useEffect(() => void load(), [load]);

  const run = (action: () => Promise<unknown>, done: string) => async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await action();
      notify(done, 'success');
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const code = encodeURIComponent(org);
  return (
    <div>
      <h1>Quản trị cơ quan</h1>
      <AdminTabs path="/quan-tri/co-quan" />
      {user?.isSystemAdmin && (
        <label>
          Mã cơ quan <input value={org} onChange={(e) => setOrg(e.target.value.trim())} onBlur={() => void load()} />
        </label>
      )}
      <Alert>{error}</Alert>
      <section className="card" aria-labelledby="don-vi">
        <h2 id="don-vi">Đơn vị (phòng, ban)</h2>
        <ul>
          {units.map((u) => <UnitItem key={`${u.id}-${u.name}-${u.abbreviation}`} unit={u} onSaved={load} />)}
        </ul>
        <form className="form-grid" onSubmit={run(() => api.post(`/organizations/${code}/units`, { name: unitName, abbreviation: unitAbbr }), `Đã thêm đơn vị ${unitName}.`)} noValidate>
          <Field label="Tên đơn vị"><input value={unitName} onChange={(e) => setUnitName(e.target.value)} required /></Field>
          <Field label="Chữ viết tắt" hint="Chữ in hoa, số (ví dụ TCKH)"><input value={unitAbbr} onChange={(e) => setUnitAbbr(e.target.value.toUpperCase())} required /></Field>
          <div className="wide"><FormActions label="Thêm đơn vị" /></div>
        </form>
      </section>
      {history.length > 0 && (
        <section className="card" aria-labelledby="lich-su">
          <h2 id="lich-su">Lịch sử tên và mã</h2>
          <ul data-testid="org-history">
            {history.map((h, i) => (
              <li key={i}>
                {REASONS[h.reason] ?? h.reason}: {h.name}
                {h.abbreviation ? ` (${h.abbreviation})` : ''} — mã {h.code}, {dateTimeVn(h.at)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="con-dau">
        <h2 id="con-dau">Chứng thư số và con dấu của cơ quan</h2>
        <form className="form-grid" onSubmit={run(() => api.upload(`/organizations/${code}/certificate`, fileForm(sealP12, 'p12', { password: sealPassword })), 'Đã nạp chứng thư số của cơ quan.')} noValidate>
          <Field label="Tệp chứng thư cơ quan (.p12)"><input type="file" accept=".p12,.pfx" onChange={(e) => setSealP12(e.target.files?.[0] ?? null)} /></Field>
          <Field label="Mật khẩu tệp .p12"><input type="password" autoComplete="off" value={sealPassword} onChange={(e) => setSealPassword(e.target.value)} /></Field>
          <div className="wide"><FormActions label="Nạp chứng thư cơ quan" /></div>
        </form>
        <form className="form-grid" onSubmit={run(() => api.upload(`/organizations/${code}/seal-image`, fileForm(sealImage, 'image', {})), 'Đã tải ảnh con dấu.')} noValidate>
          <Field label="Ảnh con dấu (PNG nền trong suốt)"><input type="file" accept="image/png" onChange={(e) => setSealImage(e.target.files?.[0] ?? null)} /></Field>
          <div><FormActions label="Tải ảnh con dấu" /></div>
        </form>
      </section>
      <section className="card" aria-labelledby="cts-lanh-dao">
        <h2 id="cts-lanh-dao">Chứng thư số và chữ ký của lãnh đạo</h2>
        <Field label="Lãnh đạo">
          <select value={leaderId} onChange={(e) => setLeaderId(e.target.value)}>
            <option value="">— Chọn lãnh đạo —</option>
            {leaders.map((l) => <option key={l.id} value={l.id}>{l.fullName} — {l.position}{l.hasSignatureImage ? ' (đã có ảnh chữ ký)' : ''}</option>)}
          </select>
        </Field>
        <form className="form-grid" onSubmit={run(() => api.upload(`/users/${leaderId}/certificate`, fileForm(leaderP12, 'p12', { password: leaderPassword, pin: leaderPin })), 'Đã nạp chứng thư số của lãnh đạo.')} noValidate>
          <Field label="Tệp chứng thư cá nhân (.p12)"><input type="file" accept=".p12,.pfx" onChange={(e) => setLeaderP12(e.target.files?.[0] ?? null)} /></Field>
          <Field label="Mật khẩu tệp .p12"><input type="password" autoComplete="off" value={leaderPassword} onChange={(e) => setLeaderPassword(e.target.value)} /></Field>
          <Field label="Mã PIN ký (lãnh đạo dùng khi ký)"><input type="password" autoComplete="off" inputMode="numeric" value={leaderPin} onChange={(e) => setLeaderPin(e.target.value)} /></Field>
          <div className="wide"><FormActions label="Nạp chứng thư lãnh đạo" /></div>
        </form>
        <form className="form-grid" onSubmit={run(() => api.upload(`/users/${leaderId}/signature-image`, fileForm(leaderImage, 'image', {})), 'Đã tải ảnh chữ ký.')} noValidate>
          <Field label="Ảnh chữ ký tay (PNG nền trong suốt)"><input type="file" accept="image/png" onChange={(e) => setLeaderImage(e.target.files?.[0] ?? null)} /></Field>
          <div><FormActions label="Tải ảnh chữ ký" /></div>
        </form>
      </section>
      {user?.isSystemAdmin && (
        <section className="card" aria-labelledby="goc-tin-cay">
          <h2 id="goc-tin-cay">Chứng thư gốc tin cậy</h2>
          <ul>{anchors.map((a) => <li key={a.fingerprint}>{a.subject}</li>)}</ul>
          <form onSubmit={run(() => api.post('/trust-anchors', { pem: anchorPem }), 'Đã thêm chứng thư gốc tin cậy.')} noValidate>
            <Field label="Chứng thư gốc (PEM)" wide><textarea rows={4} value={anchorPem} onChange={(e) => setAnchorPem(e.target.value)} /></Field>
            <FormActions label="Thêm chứng thư gốc" />
          </form>
        </section>
      )}
    </div>
  );
}
