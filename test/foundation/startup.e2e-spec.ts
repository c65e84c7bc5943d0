import { Injectable, Module } from '@nestjs/common';
import { startApp } from '../support/app';

class NotProvided {}

@Injectable()
class NeedsSomethingMissing {
  constructor(readonly missing: NotProvided) {}
}

@Module({ providers: [NeedsSomethingMissing] })
class BrokenModule {}

describe('start-up', () => {
  it('rejects with the real error when a module cannot be built (no process.exit)', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      await expect(startApp({ extraModules: [BrokenModule] })).rejects.toThrow(/can't resolve dependencies of the NeedsSomethingMissing/);
      expect(exit).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
    }
  });
});
