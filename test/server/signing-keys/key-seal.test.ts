import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret, sealedWithoutPepper } from '../../../server/signing-keys/key-seal';

// Low scrypt cost: the construction is under test, not the stretch.
const LOG_N = 10;
const secret = randomBytes(32);

test('a key sealed under a PIN and the server pepper cannot be opened with the PIN alone (a database dump is not enough)', async () => {
  const sealed = await sealSecret(Buffer.from('PRIVATE KEY'), '246810', LOG_N, secret);
  expect(sealedWithoutPepper(sealed)).toBe(false);
  expect(JSON.parse(sealed)).toMatchObject({ v: 2 });
  await expect(openSecret(sealed, '246810')).rejects.toThrow();
  await expect(openSecret(sealed, '246810', randomBytes(32))).rejects.toMatchObject({ code: 'WRONG_PIN' });
  await expect(openSecret(sealed, '246811', secret)).rejects.toMatchObject({ code: 'WRONG_PIN' });
  expect((await openSecret(sealed, '246810', secret)).toString()).toBe('PRIVATE KEY');
});

test('keys sealed before the pepper still open, and say they need re-sealing', async () => {
  const legacy = await sealSecret(Buffer.from('OLD KEY'), '1234', LOG_N);
  expect(sealedWithoutPepper(legacy)).toBe(true);
  expect((await openSecret(legacy, '1234', secret)).toString()).toBe('OLD KEY');
});
