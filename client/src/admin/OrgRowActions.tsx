import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { OrganizationAdminItem, MergeResult } from '../../../server/contract/administration';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { NameAbbreviationInputs } from './NameAbbreviationInputs';
import { useToast } from '../ui/toasts';

export const LEVEL_NAMES: Record<string, string> = { central: 'Trung ương', province: 'Tỉnh', district: 'Huyện', commune: 'Xã' };

type Mode = 'rename' | 'move' | 'children' | 'merge' | null;

/** Rename, move, move the children (abolishing a district), merge: each a small form under the row. */
export function OrgRowActions({ org, onChanged }: { org: OrganizationAdminItem; onChanged: () => void }) {
  const { api } = useSession();
  const notify = useToast();
  const [mode, setMode] = useState<Mode>(null);
  const [target, setTarget] = useState('');
  const [level, setLevel] = useState('');
  const [name, setName] = useState(org.name);
  const [abbreviation, setAbbreviation] = useState(org.abbreviation);
  const [error, setError] = useState<string | null>(null);
  const open = (m: Mode) => {
    setMode(mode === m ? null : m);
    setTarget('');
    setLevel('');
    setName(org.name);
    setAbbreviation(org.abbreviation);
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const code = encodeURIComponent(org.code);
    try {
      if (mode === 'rename') {
        await api.post(`/organizations/${code}/rename`, { name: name.trim(), abbreviation: abbreviation.trim() });
        notify(`Đã đổi tên ${org.name} thành ${name.trim()}; tên cũ giữ trong lịch sử.`, 'success');
      } else if (mode === 'move') {
        await api.post(`/organizations/${code}/move`, { parentCode: target.trim() || null, ...(level ? { level } : {}) });
        notify(`Đã chuyển ${org.name} về trực thuộc ${target.trim() || 'cấp cao nhất'}.`, 'success');
      } else if (mode === 'children') {
        const r = await api.post<{ moved: string[] }>(`/organizations/${code}/move-children`, { parentCode: target.trim() });
        notify(`Đã chuyển ${r.moved.length} cơ quan trực thuộc về ${target.trim()}.`, 'success');
      } else if (mode === 'merge') {
        if (!window.confirm(`Sáp nhập ${org.name} vào ${target.trim()}? Mã ${org.code} sẽ chỉ còn trong lịch sử.`)) return;
        const r = await api.post<MergeResult>(`/organizations/${code}/merge`, { intoCode: target.trim() });
        notify(`Đã sáp nhập ${org.name} vào ${r.survivor}; ${r.users} tài khoản và ${r.documents} văn bản vẫn tra cứu được theo mã cũ.`, 'success');
      }
      setMode(null);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const labels: Record<Exclude<Mode, null | 'rename'>, string> = { move: 'Mã cơ quan cấp trên mới (để trống: cấp cao nhất)', children: 'Chuyển các cơ quan trực thuộc về (mã)', merge: 'Sáp nhập vào cơ quan (mã)' };
  return (
    <div>
      <div className="actions">
        <button type="button" className="secondary" aria-expanded={mode === 'rename'} onClick={() => open('rename')} aria-label={`Đổi tên ${org.name}`}>Đổi tên</button>
        <button type="button" className="secondary" aria-expanded={mode === 'move'} onClick={() => open('move')} aria-label={`Chuyển ${org.name}`}>Chuyển</button>
        <button type="button" className="secondary" aria-expanded={mode === 'children'} onClick={() => open('children')} aria-label={`Chuyển các cơ quan trực thuộc ${org.name}`}>Chuyển trực thuộc</button>
        <button type="button" className="danger" aria-expanded={mode === 'merge'} onClick={() => open('merge')} aria-label={`Sáp nhập ${org.name}`}>Sáp nhập</button>
      </div>
      {mode === 'rename' && (
        <form className="actions inline-form" onSubmit={submit} noValidate aria-label={`Đổi tên ${org.name}`}>
          <NameAbbreviationInputs nameLabel="Tên mới" name={name} abbreviation={abbreviation} onName={setName} onAbbreviation={setAbbreviation} />
          <FormActions label="Lưu tên mới" onCancel={() => setMode(null)} />
        </form>
      )}
      {mode && mode !== 'rename' && (
        <form className="actions inline-form" onSubmit={submit} noValidate>
          <label>
            {labels[mode]} <input value={target} onChange={(e) => setTarget(e.target.value)} autoFocus size={16} />
          </label>
          {mode === 'move' && (
            <label>
              Cấp mới{' '}
              <select value={level} onChange={(e) => setLevel(e.target.value)}>
                <option value="">Giữ cấp {LEVEL_NAMES[org.level]}</option>
                {Object.entries(LEVEL_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </select>
            </label>
          )}
          <FormActions label="Thực hiện" onCancel={() => setMode(null)} />
        </form>
      )}
      <Alert inline>{error}</Alert>
    </div>
  );
}
