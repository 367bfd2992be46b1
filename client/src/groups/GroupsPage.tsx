import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RecipientGroupView } from '../../../server/recipient-groups/recipient-group-view';
import { errorText } from '../api/http';
import { OrgPicker } from '../org/OrgPicker';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';

/** Quick-send groups (nhóm gửi nhanh) of the clerk and the agency. */
export function GroupsPage() {
  const { api, user } = useSession();
  const notify = useToast();
  const [groups, setGroups] = useState<RecipientGroupView[]>([]);
  const [units, setUnits] = useState<{ id: string; name: string }[]>([]);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [orgs, setOrgs] = useState<string[]>([]);
  const [chosenUnits, setChosenUnits] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.get<{ items: RecipientGroupView[] }>('/recipient-groups').then((r) => setGroups(r.items)).catch((e) => setError(errorText(e))), [api]);
  useEffect(() => {
    void load();
    if (user?.orgCode) api.get<{ units: { id: string; name: string }[] }>(`/organizations/${user.orgCode}`).then((o) => setUnits(o.units ?? [])).catch(() => undefined);
  }, [api, load, user?.orgCode]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/recipient-groups', { name, shared, organizations: orgs, units: chosenUnits });
      notify(`Đã lưu nhóm "${name}".`, 'success');
      setName('');
      setOrgs([]);
      setChosenUnits([]);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const remove = async (g: RecipientGroupView) => {
    if (!window.confirm(`Xoá nhóm "${g.name}"?`)) return;
    try {
      await api.del(`/recipient-groups/${g.id}`);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div>
      <h1>Nhóm gửi nhanh</h1>
      <section className="card" aria-labelledby="ds-nhom">
        <h2 id="ds-nhom">Các nhóm</h2>
        <Alert>{error}</Alert>
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">Tên nhóm</th><th scope="col">Phạm vi</th><th scope="col">Nơi nhận</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr></thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id} data-testid="group-row">
                  <td>{g.name}</td>
                  <td>{g.shared ? 'Dùng chung' : 'Cá nhân'}</td>
                  <td>{[...g.organizations.map((o) => o.name), ...g.units.map((u) => u.name)].join('; ')}</td>
                  <td>{g.editable && <button type="button" className="secondary" onClick={() => void remove(g)}>Xoá</button>}</td>
                </tr>
              ))}
              {groups.length === 0 && <tr><td colSpan={4}>Chưa có nhóm nào.</td></tr>}
            </tbody>
          </table>
        </div>
      </section>
      <form className="card form-grid" onSubmit={save} noValidate aria-labelledby="nhom-moi">
        <h2 id="nhom-moi" className="wide">Lưu nhóm mới</h2>
        <Field label="Tên nhóm">
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <label>
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Dùng chung cho cả cơ quan
        </label>
        <div className="wide">
          <OrgPicker selected={orgs} onChange={setOrgs} exclude={user?.orgCode} legend="Cơ quan nhận" />
        </div>
        <fieldset className="wide check-list">
          <legend>Đơn vị nội bộ</legend>
          {units.map((u) => (
            <label key={u.id}>
              <input type="checkbox" checked={chosenUnits.includes(u.id)} onChange={(e) => setChosenUnits(e.target.checked ? [...chosenUnits, u.id] : chosenUnits.filter((x) => x !== u.id))} /> {u.name}
            </label>
          ))}
        </fieldset>
        <div className="wide">
          <FormActions label="Lưu nhóm" />
        </div>
      </form>
    </div>
  );
}
