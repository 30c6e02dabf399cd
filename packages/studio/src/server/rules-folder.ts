/**
 * The only door to the disk: the files of one rules folder. A name is a plain file name ending in
 * .json (no separators, no dot files, no "..") that, once resolved with symlinks, still lies in the
 * folder; anything else is refused before the disk is touched. Writes go to a temporary file in the
 * same folder and are renamed over the target, so a crash never leaves half a rule file.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Largest rule file the studio opens or writes (a rule set is a few dozen kB). */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;
/** The change log kept beside the rule files (one JSON object per line, appended). */
export const CHANGE_LOG = 'changes.ndjson';

const NAME = /^[^\\/\0:*?"<>|]{1,200}\.json$/;

export class FolderError extends Error {
  constructor(
    readonly code: 'BAD_NAME' | 'NOT_FOUND' | 'TOO_LARGE' | 'OUTSIDE',
    message: string,
  ) {
    super(message);
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export class RulesFolder {
  readonly dir: string;

  constructor(dir: string) {
    let real: string;
    try {
      real = realpathSync(resolve(dir));
    } catch {
      throw new FolderError('NOT_FOUND', `规则文件夹不存在：${dir}`);
    }
    if (!statSync(real).isDirectory()) throw new FolderError('NOT_FOUND', `不是文件夹：${dir}`);
    this.dir = real;
  }

  /** The rule files (*.json, sorted); a link to a file outside the folder is not one of them. */
  list(): string[] {
    return readdirSync(this.dir)
      .filter((n) => {
        if (!NAME.test(n) || n.startsWith('.')) return false;
        try {
          const real = realpathSync(join(this.dir, n));
          return real.startsWith(this.dir + sep) && statSync(real).isFile();
        } catch {
          return false;
        }
      })
      .sort();
  }

  /** The full path of a rule file of this folder, or a FolderError. */
  private path(name: unknown, mustExist: boolean): string {
    if (typeof name !== 'string' || !NAME.test(name) || name.startsWith('.') || name.includes('..')) throw new FolderError('BAD_NAME', `不允许的文件名：${String(name).slice(0, 80)}`);
    const full = join(this.dir, name);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      if (mustExist) throw new FolderError('NOT_FOUND', `规则文件不存在：${name}`);
      return full;
    }
    if (real !== join(this.dir, name) && !real.startsWith(this.dir + sep)) throw new FolderError('OUTSIDE', `文件不在规则文件夹内：${name}`);
    return real;
  }

  read(name: unknown): { text: string; hash: string } {
    const full = this.path(name, true);
    if (statSync(full).size > MAX_RULE_FILE_BYTES) throw new FolderError('TOO_LARGE', `规则文件过大（超过 ${MAX_RULE_FILE_BYTES / 1024 / 1024} MB）：${String(name)}`);
    const text = readFileSync(full, 'utf8');
    return { text, hash: sha256(text) };
  }

  write(name: string, text: string): string {
    const full = this.path(name, true);
    const tmp = join(this.dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, full);
    return sha256(text);
  }

  appendChange(record: object): void {
    appendFileSync(join(this.dir, CHANGE_LOG), `${JSON.stringify(record)}\n`, 'utf8');
  }

  changes(): unknown[] {
    let text: string;
    try {
      text = readFileSync(join(this.dir, CHANGE_LOG), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as unknown];
        } catch {
          return [];
        }
      });
  }
}
