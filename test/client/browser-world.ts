import type { Browser } from 'playwright-core';
import { startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { launchChromium, signIn, type UserTab } from './browser';
import { clientFront, type Front } from './front';

export interface BrowserWorld {
  w: DemoWorld;
  front: Front;
  browser: Browser;
  /** Signs a user in; the tab is closed after the suite. */
  open(username: string, viewport?: { width: number; height: number }): Promise<UserTab>;
}

/**
 * The usual browser suite: the demo world, the client in front of it and Chromium, started before
 * the suite (after `prepare`, e.g. extra seed data) and torn down after it with every tab opened.
 */
export function browserWorld(env: Record<string, string> | (() => Promise<Record<string, string>>) = {}, prepare?: (w: DemoWorld) => Promise<void>): BrowserWorld {
  const tabs: UserTab[] = [];
  const s = { tabs } as unknown as BrowserWorld; // filled in by beforeAll, before any test reads it
  beforeAll(async () => {
    // A function: settings known only once something else has started (a simulator's URL).
    s.w = await startDemoWorld(typeof env === 'function' ? await env() : env);
    await prepare?.(s.w);
    s.front = await clientFront(s.w.t.url);
    s.browser = await launchChromium();
    s.open = async (username, viewport) => {
      const tab = await signIn(s.browser, s.front.url, username, viewport);
      tabs.push(tab);
      return tab;
    };
  }, 180_000);
  afterAll(async () => {
    for (const tab of tabs) await tab.context.close().catch(() => undefined);
    await s.browser?.close();
    await s.front?.close();
    await s.w?.t.stop();
  });
  return s;
}
