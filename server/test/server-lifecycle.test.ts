import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index';

describe('startServer on a DuckDB file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yardstick-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the parent folder, prints the first admin token once, and keeps data across restarts', async () => {
    const dbPath = join(dir, 'nested/folder/yardstick.duckdb');
    const lines: string[] = [];
    const first = await startServer({ dbPath, port: 0, log: (l) => lines.push(l) });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toEqual([`Admin token (shown once, store it now): ${first.adminToken}`]);
    const reg = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first.adminToken}` },
      body: JSON.stringify({ query: 'mutation { registerAgent(input: { name: "kept" }) { agent { id } } }' }),
    });
    expect(reg.status).toBe(200);
    await first.close();

    const second = await startServer({ dbPath, port: 0, log: (l) => lines.push(l) });
    try {
      expect(second.adminToken).toBeNull();
      expect(lines).toHaveLength(1);
      const res = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${first.adminToken}` },
        body: JSON.stringify({ query: '{ agents { name } }' }),
      });
      expect(await res.json()).toEqual({ data: { agents: [{ name: 'kept' }] } });
      const page = await fetch(`${second.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html|npm run build -w @yardstick\/web/i);
    } finally {
      await second.close();
    }
  });

  it('serves web/dist with an SPA fallback, or a page saying how to build it', async () => {
    const webDist = join(dir, 'dist');
    mkdirSync(join(webDist, 'assets'), { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<html>the spa</html>');
    writeFileSync(join(webDist, 'assets/app.js'), 'console.log(1)');
    const withUi = await startServer({
      dbPath: ':memory:',
      port: 0,
      log: () => undefined,
      webDistDir: webDist,
    });
    try {
      expect(await (await fetch(`${withUi.url}/runs/abc`)).text()).toBe('<html>the spa</html>');
      expect(await (await fetch(`${withUi.url}/assets/app.js`)).text()).toBe('console.log(1)');
    } finally {
      await withUi.close();
    }
    const noUi = await startServer({
      dbPath: ':memory:',
      port: 0,
      log: () => undefined,
      webDistDir: join(dir, 'missing'),
    });
    try {
      expect(await (await fetch(`${noUi.url}/`)).text()).toContain('npm run build -w @yardstick/web');
    } finally {
      await noUi.close();
    }
  });
});
