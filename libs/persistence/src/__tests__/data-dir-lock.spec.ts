import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, lockDataDir } from '../data-dir-lock';

describe('lockDataDir', () => {
  it('refuses a second holder, naming the pid and the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagebank-lock-'));
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`${dir}.*process ${process.pid}`));
    release();
    expect(existsSync(join(dir, 'stagebank.lock'))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over the lock of a dead process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagebank-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    writeFileSync(join(dir, 'stagebank.lock'), dead);
    const release = lockDataDir(dir);
    release();
  });
});
