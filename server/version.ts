import fs from 'node:fs';
import path from 'node:path';

/** The project root: where package.json is, whether running from sources (tests) or from dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'vanban') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Không tìm thấy thư mục gốc của Vanban (package.json)');
    dir = parent;
  }
}

export const version: string = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')).version;
