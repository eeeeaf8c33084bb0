// What `e` and `:export` write, and the one line that says how it went. Pure: App gathers the
// rows and the header, export/file writes; this picks the text, the file name and the words.
import type { EventGroup } from '../store/aggregate.js';
import type { Summary } from '../store/summary.js';
import { defaultFileName, formatRows, formatSummary, type ExportFormat, type ExportHeader } from '../export/format.js';
import type { WriteOutcome } from '../export/file.js';

export interface ExportRequest {
  readonly summary: boolean;
  readonly format: ExportFormat;
  /** undefined: kevtui-<context>-<time>.<format> in the export directory. */
  readonly file?: string | undefined;
}

export interface ExportJob {
  readonly file: string;
  readonly text: string;
  /** `12 rows` or `the summary`, for the status line. */
  readonly what: string;
}

/** The file's text for a request; the rows or the summary are only asked for when needed. */
export function prepareExport(req: ExportRequest, header: ExportHeader, source: { rows(): readonly EventGroup[]; summary(): Summary }): ExportJob {
  const file = req.file ?? defaultFileName(header.context, header.generatedAt, req.format, req.summary ? 'summary' : 'events');
  if (req.summary) return { file, text: formatSummary(req.format, source.summary(), header), what: 'the summary' };
  const rows = source.rows();
  return { file, text: formatRows(req.format, rows, header), what: `${rows.length} row${rows.length === 1 ? '' : 's'}` };
}

/** The status line after a write (an existing file is asked about instead: see App). */
export function exportReport(job: ExportJob, outcome: WriteOutcome): string {
  if (outcome.ok) return `exported ${job.what} to ${outcome.path}`;
  if (outcome.exists === true) return `not exported: ${outcome.path} exists`;
  return `not exported: ${outcome.message}`;
}

export function overwriteQuestion(path: string): string {
  return `overwrite ${path}? y/n`;
}
