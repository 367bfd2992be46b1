import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as keySeal from '../../../server/signing-keys/key-seal';
import { AGENCY_KEY_MEMORY_MS, createAgencyKeyMemory, type AgencyKeyMemory } from '../../../server/signing-keys/unlock-key';

const LOG_N = 10;
const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY_ONE = pem();
const KEY_TWO = pem();

describe('the opened agency key is kept in memory briefly, per exact sealed text and secret', () => {
  const secret = randomBytes(32);
  let opens: jest.SpyInstance;
  let memory: AgencyKeyMemory;
  let openAgencyKey: AgencyKeyMemory['open'];
  beforeEach(() => {
    memory = createAgencyKeyMemory();
    openAgencyKey = memory.open;
    opens = jest.spyOn(keySeal, 'openSecret');
  });
  afterEach(() => opens.mockRestore());

  it('a second issue does not stretch the key again; a re-imported key (new sealed text) is opened afresh', async () => {
    const sealed = await keySeal.sealSecret(Buffer.from(KEY_ONE), secret, LOG_N);
    const t0 = 1_000_000;
    expect((await openAgencyKey(sealed, secret, t0)).keyPem).toBe(KEY_ONE);
    expect((await openAgencyKey(sealed, secret, t0 + 1000)).keyPem).toBe(KEY_ONE);
    expect(opens).toHaveBeenCalledTimes(1);
    const reimported = await keySeal.sealSecret(Buffer.from(KEY_TWO), secret, LOG_N);
    expect((await openAgencyKey(reimported, secret, t0 + 2000)).keyPem).toBe(KEY_TWO);
    expect(opens).toHaveBeenCalledTimes(2);
  });

  it('another server secret never finds the kept key: it must open the sealed text itself (and fails)', async () => {
    const sealed = await keySeal.sealSecret(Buffer.from(KEY_ONE), secret, LOG_N);
    await openAgencyKey(sealed, secret, 0);
    await expect(openAgencyKey(sealed, randomBytes(32), 1)).rejects.toMatchObject({ code: 'WRONG_PIN' });
  });

  it('after the memory time the key is opened again', async () => {
    const sealed = await keySeal.sealSecret(Buffer.from(KEY_ONE), secret, LOG_N);
    await openAgencyKey(sealed, secret, 0);
    await openAgencyKey(sealed, secret, AGENCY_KEY_MEMORY_MS + 1);
    expect(opens).toHaveBeenCalledTimes(2);
  });

  it('each memory is its own: another process (or a forgotten memory) opens the key itself', async () => {
    const sealed = await keySeal.sealSecret(Buffer.from(KEY_ONE), secret, LOG_N);
    await openAgencyKey(sealed, secret, 0);
    await createAgencyKeyMemory().open(sealed, secret, 1);
    expect(opens).toHaveBeenCalledTimes(2);
    memory.forget();
    await openAgencyKey(sealed, secret, 2);
    expect(opens).toHaveBeenCalledTimes(3);
  });
});
