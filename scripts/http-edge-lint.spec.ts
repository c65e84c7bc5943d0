import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Sample {
  /** An existing file of src/ (the type-aware parser needs one of the project), linted with this text instead. */
  filePath: string;
  text: string;
}

/**
 * Lints the samples with the repository's own eslint.config.mjs, in one child process (the config is
 * ESM, and one TypeScript program serves every sample); returns the rule ids reported for each.
 */
function ruleIdsFor(samples: Sample[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const samples = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const found = [];
    for (const { filePath, text } of samples) {
      const [result] = await eslint.lintText(text, { filePath });
      found.push(result.messages.map((message) => message.ruleId ?? 'parse: ' + message.message));
    }
    process.stdout.write(JSON.stringify(found));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(samples)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as string[][];
}

const takesTheRequest = "import type { FastifyRequest } from 'fastify';\nexport const ipOf = (request: FastifyRequest): string => request.ip;\n";
const writesTheReply = "import type { FastifyReply } from 'fastify';\nexport const done = (reply: FastifyReply): number => reply.statusCode;\n";
const inlineType = "export const ipOf = (request: import('fastify').FastifyRequest): string => request.ip;\n";
const nodeRequest = "import type { IncomingMessage } from 'node:http';\nexport const urlOf = (request: IncomingMessage): string | undefined => request.url;\n";

const outside: Sample[] = [
  { filePath: 'src/auth/session-login.service.ts', text: takesTheRequest },
  { filePath: 'src/account/account-deletion.service.ts', text: writesTheReply },
  { filePath: 'src/auth/two-factor-login.gate.ts', text: inlineType },
  { filePath: 'src/auth/session-handle.ts', text: nodeRequest },
];
const edge: Sample[] = [
  { filePath: 'src/auth/auth.controller.ts', text: takesTheRequest },
  { filePath: 'src/auth/current-user.decorator.ts', text: inlineType },
  { filePath: 'src/auth/session-answer.ts', text: writesTheReply },
  { filePath: 'src/common/security-headers.ts', text: nodeRequest },
];

describe('lint: only HTTP-edge files touch the request or reply', () => {
  let found: string[][];
  beforeAll(() => {
    found = ruleIdsFor([...outside, ...edge]);
  }, 120_000);

  it('fails a service, or any file outside the edge, that imports or names a Fastify or Node request type', () => {
    expect(found.slice(0, outside.length)).toEqual([['no-restricted-imports'], ['no-restricted-imports'], ['no-restricted-syntax'], ['no-restricted-imports']]);
  });

  it('lets the edge files through: controllers, decorators, the answer helper, the header hook', () => {
    expect(found.slice(outside.length)).toEqual([[], [], [], []]);
  });
});
