import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../ui/Alert';
import { errorText } from '../api/http';
import type { Register, RegisterBook } from '../api/types';
import { todayIso } from '../format';
import { useSession } from '../session';
import { Field } from '../ui/Field';

const FOLLOW_UP = 'theo-doi';

/** Incoming and outgoing books (and the follow-up book) for a period: on screen, printable, exportable. */
export function RegistersPage() {
  const { api } = useSession();
  const [registers, setRegisters] = useState<Register[]>([]);
  const [chosen, setChosen] = useState('');
  const [from, setFrom] = useState(`${todayIso().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(todayIso());
  const [book, setBook] = useState<RegisterBook | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .get<{ items: Register[] }>('/registers')
      .then((r) => {
        setRegisters(r.items);
        setChosen((c) => c || (r.items.find((x) => x.code === 'den') ?? r.items[0])?.id || '');
      })
      .catch((err) => setError(errorText(err)));
  }, [api]);

  const path = (format: string) => `${chosen === FOLLOW_UP ? '/registers/follow-up' : `/registers/${chosen}/book`}?from=${from}&to=${to}&format=${format}`;
  const invalid = !from || !to || to < from ? 'Ngày kết thúc phải sau ngày bắt đầu' : undefined;

  const show = async (e?: FormEvent) => {
    e?.preventDefault();
    if (invalid || !chosen) return;
    setBusy(true);
    setError(null);
    try {
      setBook(await api.get<RegisterBook>(path('json')));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const file = (format: 'pdf' | 'xlsx' | 'csv') => () =>
    void api.download(path(format), `so-van-ban-${from}-${to}.${format}`, format === 'pdf').catch((err) => setError(errorText(err)));

  return (
    <div className="registers">
      <form className="card form-grid" onSubmit={show} noValidate aria-labelledby="tieu-de-so">
        <h1 id="tieu-de-so">Sổ văn bản</h1>
        <Field label="Loại sổ">
          <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {registers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
            <option value={FOLLOW_UP}>Sổ theo dõi giải quyết văn bản đến</option>
          </select>
        </Field>
        <Field label="Từ ngày">
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label="Đến ngày" error={invalid}>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
        <div className="actions wide">
          <button type="submit" disabled={busy || Boolean(invalid)}>
            Xem sổ
          </button>
          <button type="button" className="secondary" onClick={file('pdf')} disabled={Boolean(invalid)}>
            In sổ (PDF)
          </button>
          <button type="button" className="secondary" onClick={file('xlsx')} disabled={Boolean(invalid)}>
            Xuất Excel
          </button>
          <button type="button" className="secondary" onClick={file('csv')} disabled={Boolean(invalid)}>
            Xuất CSV
          </button>
        </div>
        <Alert wide>{error}</Alert>
      </form>
      {book && (
        <section className="card book" aria-labelledby="tieu-de-bang-so">
          <h2 id="tieu-de-bang-so">{book.title}</h2>
          <p className="muted">
            {book.organization} · {book.period} · {book.rows.length} văn bản
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {book.columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {book.rows.length === 0 && (
                  <tr>
                    <td colSpan={book.columns.length} className="muted">
                      Không có văn bản trong khoảng thời gian này.
                    </td>
                  </tr>
                )}
                {book.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
