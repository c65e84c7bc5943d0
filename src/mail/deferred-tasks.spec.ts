import { Logger } from '@nestjs/common';
import { DeferredTasks } from './deferred-tasks';

describe('DeferredTasks', () => {
  afterEach(() => jest.restoreAllMocks());

  it('starts a task only after the current call stack and microtasks have finished', async () => {
    const tasks = new DeferredTasks();
    const order: string[] = [];
    tasks.run('t', async () => void order.push('task'));
    order.push('caller');
    await Promise.resolve();
    order.push('microtask');
    await tasks.idle();
    expect(order).toEqual(['caller', 'microtask', 'task']);
  });

  it('logs a failing task instead of rejecting anywhere', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const tasks = new DeferredTasks();
    tasks.run('boom', async () => {
      throw new Error('smtp down');
    });
    await expect(tasks.idle()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ task: 'boom', msg: 'deferred task failed' }));
  });

  it('waits at shutdown for tasks still running, including ones they start', async () => {
    const tasks = new DeferredTasks();
    let finished = 0;
    tasks.run('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      tasks.run('inner', async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished += 1;
      });
      finished += 1;
    });
    await tasks.beforeApplicationShutdown();
    expect(finished).toBe(2);
  });
});
