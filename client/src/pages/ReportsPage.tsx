import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { todayIso } from '../format';
import { useSession } from '../session';
import { Field } from '../ui/Field';

interface ActivityReport {
  incoming: { total: number; electronic: number; secret: number; electronicShare: number | null };
  outgoing: { total: number; signed: number; sentElectronically: number; signedShare: number | null; electronicShare: number | null };
  work: { completed: number; onTime: number; open: number; overdueOpen: number; onTimeShare: number | null; lateShare: number | null };
  byLevel: { sent: Record<string, number>; received: Record<string, number> };
}

const LEVELS: [string, string][] = [
  ['central', 'Trung ương'],
  ['province', 'Cấp tỉnh'],
  ['district', 'Cấp huyện'],
  ['commune', 'Cấp xã'],
];

const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('vi-VN')} %`);

/** What agencies measure for a period: electronic and signed shares, work on time, exchange per level. */
export function ReportsPage() {
  const { api } = useSession();
  const [from, setFrom] = useState(`${todayIso().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(todayIso());
  const [report, setReport] = useState<ActivityReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    try {
      setReport(await api.get<ActivityReport>(`/reports/activity?from=${from}&to=${to}`));
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => {
    void load();
    // Loaded once on entry; afterwards on request.
  }, []);

  return (
    <div className="card">
      <h1>Báo cáo hoạt động</h1>
      <form className="inline-form" onSubmit={(e) => void load(e)}>
        <Field label="Từ ngày">
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </Field>
        <Field label="Đến ngày">
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </Field>
        <div className="actions">
          <button type="submit">Xem báo cáo</button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {report && (
        <>
          <table className="book" data-testid="report">
            <caption>Chỉ tiêu trong kỳ</caption>
            <tbody>
              <tr><th scope="row">Văn bản đến đã vào sổ</th><td>{report.incoming.total}</td></tr>
              <tr><th scope="row">Tỷ lệ văn bản đến nhận điện tử</th><td>{pct(report.incoming.electronicShare)}</td></tr>
              <tr><th scope="row">Văn bản đi đã phát hành</th><td>{report.outgoing.total}</td></tr>
              <tr><th scope="row">Tỷ lệ văn bản đi được ký số</th><td>{pct(report.outgoing.signedShare)}</td></tr>
              <tr><th scope="row">Tỷ lệ văn bản đi gửi điện tử</th><td>{pct(report.outgoing.electronicShare)}</td></tr>
              <tr><th scope="row">Nhiệm vụ hoàn thành</th><td>{report.work.completed}</td></tr>
              <tr><th scope="row">Tỷ lệ đúng hạn / trễ hạn</th><td>{pct(report.work.onTimeShare)} / {pct(report.work.lateShare)}</td></tr>
              <tr><th scope="row">Nhiệm vụ đang mở (quá hạn)</th><td>{report.work.open} ({report.work.overdueOpen})</td></tr>
            </tbody>
          </table>
          <table className="book">
            <caption>Trao đổi điện tử theo cấp</caption>
            <thead><tr><th scope="col">Cấp</th><th scope="col">Đã gửi đến</th><th scope="col">Đã nhận từ</th></tr></thead>
            <tbody>
              {LEVELS.map(([level, name]) => (
                <tr key={level}><th scope="row">{name}</th><td>{report.byLevel.sent[level] ?? 0}</td><td>{report.byLevel.received[level] ?? 0}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
