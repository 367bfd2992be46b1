import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/**
 * pdf-lib, fontkit and ExcelJS serve only printed registers, handover records and spreadsheets:
 * loading the server (compiled, as `npm start` does) must not load them, or every boot pays for them.
 */
it('loads the server without the printing and spreadsheet libraries', async () => {
  const probe = `require(${JSON.stringify(path.join(root, 'dist/server/composition.js'))});
    const heavy = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](pdf-lib|@pdf-lib|exceljs)[\\\\/]/.test(k));
    const signing = Object.keys(require.cache).some((k) => /node_modules[\\\\/]pkijs[\\\\/]/.test(k));
    process.stdout.write(JSON.stringify({ heavy, signing }));`;
  const { stdout } = await run(process.execPath, ['-e', probe], { cwd: root });
  // The control: the probe does see what the server loads (pkijs, for verification).
  expect(JSON.parse(stdout)).toEqual({ heavy: [], signing: true });
});
