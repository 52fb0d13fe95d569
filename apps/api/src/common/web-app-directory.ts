import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built web app (dist/web), whether the API runs from dist/ or from the sources (tests). */
export function webAppDirectory(): string | null {
  const candidates = [join(__dirname, '../../../../web'), join(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}
