import { isValidOrgCode, mayNestUnder, orgCodeFormat } from '../../../server/organizations/org-code';

describe('organisation identifier codes', () => {
  it.each([
    ['000.00.00.H53', 'qcvn102'],
    ['000.00.32.H53', 'qcvn102'],
    ['000.20.31.H53', 'qcvn102'],
    ['000.00.01.G14', 'qcvn102'],
    ['H37.DN.001', 'decision20'],
    ['G22.VP', 'decision20'],
  ])('accepts %s as %s', (code, format) => {
    expect(orgCodeFormat(code)).toBe(format);
  });

  it.each(['', '000.00.00.H5', '00.00.00.H53', '000.00.00.h53', 'h37.dn.001', 'H37..DN', 'H37.DN.', '.H37', 'H37 DN', 'Á01.X', '123.456', 'H01.' + 'A'.repeat(32)])(
    'rejects %p',
    (code) => {
      expect(isValidOrgCode(code)).toBe(false);
    },
  );

  it('orders levels: lower below higher, communes directly under provinces, departments beside their body', () => {
    expect(mayNestUnder('commune', 'province')).toBe(true);
    expect(mayNestUnder('commune', 'district')).toBe(true);
    expect(mayNestUnder('district', 'province')).toBe(true);
    expect(mayNestUnder('province', 'province')).toBe(true);
    expect(mayNestUnder('province', 'commune')).toBe(false);
    expect(mayNestUnder('district', 'commune')).toBe(false);
    expect(mayNestUnder('commune', 'commune')).toBe(false);
    expect(mayNestUnder('district', 'district')).toBe(false);
    expect(mayNestUnder('central', 'province')).toBe(false);
  });
});
