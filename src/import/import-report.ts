import { SingleBar } from 'cli-progress';
import type { ImportSummary, Progress } from './import-types';

const HEADERS = ['', 'in Laravel', 'new', 'already here', 'skipped'];

/** The summary table, the problems and what is never imported; holds no secret (the summary has none). */
export function reportLines(summary: ImportSummary): string[] {
  const rows = summary.counts.map((c) => [c.what, c.found, c.added, Math.max(0, c.found - c.added - c.skipped), c.skipped].map(String));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const added = summary.counts.reduce((sum, c) => sum + c.added, 0);
  const lines = [
    summary.dryRun ? 'Dry run: nothing was written. This is what an import would do:' : 'Laravel import done.',
    '',
    line(HEADERS),
    ...rows.map(line),
    '',
    added === 0 ? 'Nothing new to import.' : `${added} row(s) ${summary.dryRun ? 'would be' : 'were'} added.`,
  ];
  if (summary.problems.length > 0) lines.push('', `Problems (${summary.problems.length}):`, ...summary.problems.map((p) => `  - ${p}`));
  lines.push('', 'Sessions are not imported: users sign in again in the browser. Passwords, API tokens and authenticator apps keep working.');
  return lines;
}

/** A bar on a terminal only; piped or captured output gets just the summary. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stdout): Progress {
  if (!stream.isTTY) return { start: () => undefined, advance: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream, clearOnComplete: true, format: 'Importing [{bar}] {value}/{total} rows' });
  let started = false;
  return {
    start: (total) => {
      started = true;
      bar.start(total, 0);
    },
    advance: (rows) => bar.increment(rows),
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
