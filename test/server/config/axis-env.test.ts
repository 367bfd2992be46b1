import { loadConfig } from '../../../server/config/env';

describe('exchange axis settings are validated at boot', () => {
  const base = { VANBAN_DATA_DIR: '/tmp/vanban-env-test' };
  const axis = { VANBAN_AXIS_URL: 'http://127.0.0.1:4100', VANBAN_AXIS_SYSTEM_ID: '000.00.00.H06', VANBAN_AXIS_SECRET: 'khoa-bi-mat-1' };

  it('accepts all three or none', () => {
    expect(loadConfig(base).VANBAN_AXIS_URL).toBeUndefined();
    expect(loadConfig({ ...base, ...axis })).toMatchObject({ ...axis, VANBAN_AXIS_POLL_SECONDS: 30 });
  });

  it('refuses a partial, malformed or weak setting with a Vietnamese message', () => {
    expect(() => loadConfig({ ...base, VANBAN_AXIS_URL: axis.VANBAN_AXIS_URL })).toThrow(/cần đủ VANBAN_AXIS_URL, VANBAN_AXIS_SYSTEM_ID và VANBAN_AXIS_SECRET/);
    expect(() => loadConfig({ ...base, ...axis, VANBAN_AXIS_URL: 'ftp://truc.gov.vn' })).toThrow(/VANBAN_AXIS_URL/);
    expect(() => loadConfig({ ...base, ...axis, VANBAN_AXIS_SECRET: 'ngan' })).toThrow(/ít nhất 8 ký tự/);
    expect(() => loadConfig({ ...base, ...axis, VANBAN_AXIS_POLL_SECONDS: '0' })).toThrow(/VANBAN_AXIS_POLL_SECONDS/);
  });
});
