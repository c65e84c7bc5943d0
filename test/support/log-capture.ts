import { Writable } from 'node:stream';

/** A destination for the app's pino logger that keeps every line, parsed. */
export class LogCapture extends Writable {
  private text = '';

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }

  /** Everything written so far, exactly as it would have reached stdout. */
  get raw(): string {
    return this.text;
  }

  records(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
