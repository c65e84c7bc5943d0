import { generateAppKey } from '../common/crypto';
import { CliCommand, parseOptions } from './command';

/** Prints a fresh APP_KEY; writes nothing (the operator decides where the secret goes). */
export const keyGenerateCommand: CliCommand = {
  name: 'key:generate',
  usage: '',
  description: 'Print a new random APP_KEY (base64: + 32 bytes)',
  needs: 'nothing',
  async run(ctx, args) {
    parseOptions(keyGenerateCommand, args, {});
    ctx.out(generateAppKey());
  },
};
