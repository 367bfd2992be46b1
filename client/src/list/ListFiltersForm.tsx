import { useEffect, useState, type FormEvent } from 'react';
import type { Register } from '../api/types';
import { DOC_TYPES, SECRECY_OPTIONS, URGENCY_OPTIONS } from '../doc-options';
import { useOrgPeople } from '../document/useOrgPeople';
import { useSession } from '../session';
import { Field } from '../ui/Field';
import { STATUS_OPTIONS, emptyFilters, type ListFilters } from './books';

/** Search and filters of a list; applied on submit, cleared with one button. */
export function ListFiltersForm({ value, onApply }: { value: ListFilters; onApply: (f: ListFilters) => void }) {
  const { api } = useSession();
  const people = useOrgPeople();
  const [f, setF] = useState(value);
  const [registers, setRegisters] = useState<Register[]>([]);
  const [more, setMore] = useState(false);
  useEffect(() => setF(value), [value]);
  useEffect(() => {
    api.get<{ items: Register[] }>('/registers').then((r) => setRegisters(r.items)).catch(() => setRegisters([]));
  }, [api]);
  const set = <K extends keyof ListFilters>(k: K) => (v: ListFilters[K]) => setF((old) => ({ ...old, [k]: v }));
  const invalid = f.from && f.to && f.to < f.from ? 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu' : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) onApply(f);
  };
  const select = (label: string, key: keyof ListFilters, options: [string, string][]) => (
    <Field label={label}>
      <select value={String(f[key])} onChange={(e) => set(key)(e.target.value as never)}>
        <option value="">Tất cả</option>
        {options.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <form className="list-filters" onSubmit={submit} noValidate aria-label="Tìm kiếm và lọc">
      <Field label="Tìm kiếm" hint='Không cần dấu: "cong van" tìm "Công văn"; "cụm từ" trong ngoặc kép; chuyển* tìm theo tiền tố'>
        <input type="search" value={f.q} onChange={(e) => set('q')(e.target.value)} placeholder="Số, ký hiệu, trích yếu, nội dung…" maxLength={200} />
      </Field>
      <Field label="Từ ngày">
        <input type="date" value={f.from} onChange={(e) => set('from')(e.target.value)} />
      </Field>
      <Field label="Đến ngày" error={invalid}>
        <input type="date" value={f.to} onChange={(e) => set('to')(e.target.value)} />
      </Field>
      {select('Loại văn bản', 'docType', Object.entries(DOC_TYPES))}
      {more && (
        <>
          {select('Sổ', 'register', registers.map((r) => [r.id, r.name]))}
          <Field label="Cơ quan ban hành / nhận (mã)">
            <input value={f.party} onChange={(e) => set('party')(e.target.value)} placeholder="000.00.00.H06" maxLength={35} />
          </Field>
          {select('Người ký', 'signer', (people?.users ?? []).filter((u) => u.roles.includes('leader')).map((u) => [u.id, u.fullName]))}
          {select('Người xử lý', 'handler', (people?.users ?? []).map((u) => [u.id, u.fullName]))}
          {select('Độ khẩn', 'urgency', URGENCY_OPTIONS)}
          {select('Độ mật', 'secrecy', SECRECY_OPTIONS)}
          {select('Trạng thái', 'status', STATUS_OPTIONS)}
          <label className="check">
            <input type="checkbox" checked={f.overdue} onChange={(e) => set('overdue')(e.target.checked)} /> Chỉ văn bản quá hạn xử lý
          </label>
        </>
      )}
      <div className="actions wide">
        <button type="submit" disabled={Boolean(invalid)}>
          Lọc
        </button>
        <button type="button" className="secondary" onClick={() => setMore((m) => !m)} aria-expanded={more}>
          {more ? 'Ẩn bớt bộ lọc' : 'Thêm bộ lọc'}
        </button>
        <button type="button" className="secondary" onClick={() => onApply(emptyFilters())}>
          Xóa bộ lọc
        </button>
      </div>
    </form>
  );
}
