import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { User } from '../api/types';
import { SIGNING_CAPACITIES, signingCapacityNames, type PositionView } from '../../../server/contract/administration';
import { USER_ROLE_NAMES } from '../format';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';

const ROLES = ['clerk', 'leader', 'official', 'admin'];

/** Edits one account: name, position (from the catalogue, or free text), unit, roles, and whom a leader signs for. */
export function UserEditForm({ target, org, units, leaders, onDone }: { target: User; org: string; units: { id: string; name: string }[]; leaders: User[]; onDone: (saved: boolean) => void }) {
  const { api } = useSession();
  const notify = useToast();
  const [positions, setPositions] = useState<PositionView[]>([]);
  const [form, setForm] = useState({
    fullName: target.fullName,
    position: target.position,
    unitId: target.unit?.id ?? '',
    roles: target.roles,
    headId: target.signsFor?.userId ?? '',
    capacity: target.signsFor?.capacity ?? 'KT',
  });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ items: PositionView[] }>(`/organizations/${encodeURIComponent(org)}/positions`).then((r) => setPositions(r.items)).catch(() => undefined);
  }, [api, org]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/users/${target.id}`, {
        fullName: form.fullName,
        position: form.position,
        unitId: form.unitId || null,
        roles: form.roles,
        ...(form.roles.includes('leader') ? { signsFor: form.headId ? { userId: form.headId, capacity: form.capacity } : null } : {}),
      });
      notify(`Đã lưu tài khoản ${form.fullName}.`, 'success');
      onDone(true);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const listId = `chuc-vu-${target.id}`;
  return (
    <form className="form-grid user-edit" onSubmit={save} noValidate aria-label={`Sửa tài khoản ${target.fullName}`}>
      <Field label="Họ và tên"><input value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} /></Field>
      <Field label="Chức vụ" hint="Chọn trong danh mục hoặc gõ">
        <input list={listId} value={form.position} onChange={(e) => setForm({ ...form, position: e.target.value })} />
      </Field>
      <datalist id={listId}>{positions.map((p) => <option key={p.id} value={p.name} />)}</datalist>
      <Field label="Đơn vị công tác">
        <select value={form.unitId} onChange={(e) => setForm({ ...form, unitId: e.target.value })}>
          <option value="">— Không thuộc đơn vị —</option>
          {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
      </Field>
      <fieldset className="check-list">
        <legend>Vai trò</legend>
        {ROLES.map((r) => (
          <label key={r}>
            <input type="checkbox" checked={form.roles.includes(r)} onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })} /> {USER_ROLE_NAMES[r]}
          </label>
        ))}
      </fieldset>
      {form.roles.includes('leader') && (
        <>
          <Field label="Ký thay cho" hint="Để trống nếu ký với danh nghĩa của mình">
            <select value={form.headId} onChange={(e) => setForm({ ...form, headId: e.target.value })}>
              <option value="">— Không ký thay ai —</option>
              {leaders.filter((l) => l.id !== target.id).map((l) => <option key={l.id} value={l.id}>{l.fullName} — {l.position}</option>)}
            </select>
          </Field>
          <Field label="Hình thức ký">
            <select value={form.capacity} onChange={(e) => setForm({ ...form, capacity: e.target.value as typeof form.capacity })} disabled={!form.headId}>
              {SIGNING_CAPACITIES.map((c) => <option key={c} value={c}>{signingCapacityNames[c]}</option>)}
            </select>
          </Field>
        </>
      )}
      <div className="wide"><Alert>{error}</Alert><FormActions label="Lưu tài khoản" onCancel={() => onDone(false)} /></div>
    </form>
  );
}
