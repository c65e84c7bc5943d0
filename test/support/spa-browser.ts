import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** The browser specs' Chromium flags (headless, no sandbox in containers, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SERVE_SCRIPT = join(__dirname, '..', '..', 'examples', 'spa', 'serve.mjs');

/** Runs examples/spa/serve.mjs on a free port, as a developer would; resolves with that port. */
export function startSpaServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [SERVE_SCRIPT], {
    env: { ...process.env, SPA_PORT: '0', SPA_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/localhost:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, port: Number(match[1]) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${output}`)));
  });
}

export async function stopSpaServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Waits for the page's data-state; on an error state, fails with what the page shows. */
export async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForFunction((wanted) => ['error', wanted].includes(document.body.dataset.state ?? ''), state, { timeout: 20_000 });
  const actual = await page.evaluate(() => document.body.dataset.state);
  if (actual !== state) throw new Error(`SPA is in state "${actual}": ${await page.textContent('#error')}`);
}
