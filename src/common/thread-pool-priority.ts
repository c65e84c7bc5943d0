import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setPriority } from 'node:os';

/** The nice value of libuv's pool threads (the event loop stays at the process's own). */
export const THREAD_POOL_NICE = 10;

/**
 * bcrypt hashes on libuv's thread pool. During a login storm those threads and the event loop share the
 * cores, and every other request waits behind a hash. Started at a lower priority, the pool still uses
 * every idle cycle (logins run as fast as before on an idle core) but yields to the event loop.
 *
 * Linux gives each thread its own nice value, and raising it needs no privilege. The pool starts all its
 * threads on its first task, so this must run before anything else uses the pool: the threads that
 * appear during that first task are the pool's. Elsewhere, or once the pool has started, it changes
 * nothing. Returns how many threads were lowered.
 */
export async function startThreadPoolLowered(nice = THREAD_POOL_NICE): Promise<number> {
  const before = threads();
  if (!before) return 0;
  await stat('.');
  const started = (threads() ?? []).filter((tid) => !before.includes(tid));
  let lowered = 0;
  for (const tid of started) {
    try {
      setPriority(tid, nice);
      lowered += 1;
    } catch {
      // The thread is gone, or the system refuses: it keeps the default priority.
    }
  }
  return lowered;
}

function threads(): number[] | null {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return null;
  }
}
