import { csvCell, neutraliseFormula, registerBookCsv } from '../../../server/registers/export-tabular';

describe('CSV export against formula injection', () => {
  it.each(['=HYPERLINK("http://x","bấm")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('keeps %j as text', (cell) => {
    expect(neutraliseFormula(cell).startsWith("'")).toBe(true);
    expect(csvCell(cell)).toMatch(/^"?'/);
  });

  it('leaves ordinary cells alone', () => {
    expect(csvCell('Về việc chuyển đổi số')).toBe('Về việc chuyển đổi số');
    expect(csvCell('15/QĐ-UBND')).toBe('15/QĐ-UBND');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('neutralises cells in a whole register book', () => {
    const csv = registerBookCsv({ columns: ['Số', 'Trích yếu'], rows: [['1', '=cmd|"/c calc"!A1']] } as never).toString('utf8');
    expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
  });
});
