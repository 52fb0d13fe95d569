import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meilisearchBinary, startEmbeddedMeilisearch } from '../embedded-meilisearch';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (what: () => Promise<boolean> | boolean) => {
  while (!(await what())) await new Promise((resolve) => setTimeout(resolve, 100));
};
const healthy = (url: string) => fetch(`${url}/health`).then((r) => r.ok, () => false);

(meilisearchBinary() ? describe : describe.skip)('the embedded Meilisearch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagebank-meili-supervised-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is started again, on the same address and with its data, after being killed', async () => {
    const meili = await startEmbeddedMeilisearch(dir, { restartBackoffMs: 200 });
    try {
      const headers = { authorization: `Bearer ${meili.masterKey}`, 'content-type': 'application/json' };
      const created = await fetch(`${meili.url}/indexes`, { method: 'POST', headers, body: JSON.stringify({ uid: 'kept', primaryKey: 'id' }) });
      expect(created.status).toBe(202);
      await until(async () => (await fetch(`${meili.url}/indexes/kept`, { headers })).ok);
      const first = await meili.serverPid();
      process.kill(first, 'SIGKILL');
      await until(() => meili.restarts === 1);
      expect(await meili.serverPid()).not.toBe(first);
      expect(await healthy(meili.url)).toBe(true);
      expect((await fetch(`${meili.url}/indexes/kept`, { headers })).ok).toBe(true);
    } finally {
      await meili.stop();
    }
  });

  it('stops within its bound even when hung', async () => {
    const meili = await startEmbeddedMeilisearch(dir, { stopTimeoutMs: 500 });
    const pid = await meili.serverPid();
    process.kill(pid, 'SIGSTOP'); // a hung server: it cannot act on SIGTERM
    await meili.stop(); // without the bound this never resolves and the test fails at Jest's timeout
    await until(() => !alive(pid));
    expect(meili.restarts).toBe(0);
  });
});
