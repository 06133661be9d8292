import * as assert from 'node:assert/strict';

/** Polls `check` every 50 ms until it holds or `attempts` run out; the message says what never happened. */
export async function eventually(check: () => boolean, message: string, attempts = 400): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(message);
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
