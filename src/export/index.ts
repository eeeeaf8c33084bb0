// Exports: the table's rows or the incident summary as Markdown, JSON or CSV (format.ts, pure),
// written to a file without overwriting anything unasked (file.ts).
export { formatRows, formatSummary, defaultFileName, EXPORT_FORMATS, type ExportFormat, type ExportHeader } from './format.js';
export { writeExport, type WriteOutcome } from './file.js';
