import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, withProjectDataDir } from './data-dir';

describe('withProjectDataDir', () => {
  it('resolves the default and a relative DATA_DIR against the project, whatever the working directory', () => {
    expect(withProjectDataDir({}, '/srv/gatehouse').DATA_DIR).toBe('/srv/gatehouse/.data');
    expect(withProjectDataDir({ DATA_DIR: '  ' }, '/srv/gatehouse').DATA_DIR).toBe('/srv/gatehouse/.data');
    expect(withProjectDataDir({ DATA_DIR: 'var/db' }, '/srv/gatehouse').DATA_DIR).toBe('/srv/gatehouse/var/db');
  });

  it('keeps an absolute DATA_DIR and every other variable', () => {
    expect(withProjectDataDir({ DATA_DIR: '/var/lib/gatehouse', PORT: '8080' }, '/srv/gatehouse')).toEqual({ DATA_DIR: '/var/lib/gatehouse', PORT: '8080' });
  });
});

describe('packageRoot', () => {
  it('is this repository (the folder with package.json) from a source file', () => {
    expect(existsSync(join(packageRoot(), 'package.json'))).toBe(true);
    expect(packageRoot()).toBe(join(__dirname, '..', '..'));
  });

  it('walks up from a nested folder to the nearest package.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'gh-root-'));
    try {
      writeFileSync(join(root, 'package.json'), '{}');
      mkdirSync(join(root, 'dist', 'database'), { recursive: true });
      expect(packageRoot(join(root, 'dist', 'database'))).toBe(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
