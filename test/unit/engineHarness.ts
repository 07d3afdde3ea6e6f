/** Shared by the engine's unit tests: lint inline text, apply fixes, read fixtures. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveSettings, Settings } from '../../shared/src/settings';
import { applyEdits } from '../../server/src/engine/edits';
import { createLinter, Finding } from '../../server/src/engine/linter';
import type { ExportFormat } from '../../server/src/engine/model';

export const repoRoot = path.resolve(__dirname, '../../..');
export const linter = createLinter();

export function fixture(name: string): string {
	return fs.readFileSync(path.join(repoRoot, 'test/fixtures', name), 'utf8');
}

export function settings(overrides: Record<string, unknown> = {}): Settings {
	return resolveSettings(overrides);
}

export function lint(text: string, format: ExportFormat = 'csv', options: Record<string, unknown> = {}): Finding[] {
	const resolved = settings(options);
	return linter.validate(linter.read(text, format, resolved), resolved) ?? [];
}

/** The text a finding underlines. */
export function underlined(text: string, finding: Finding): string {
	return text.slice(finding.span.start, finding.span.end);
}

/** The text after applying every fix, as fix-all does. */
export function fixAll(text: string, format: ExportFormat = 'csv', options: Record<string, unknown> = {}): string {
	return applyEdits(text, linter.fixAllEdits(lint(text, format, options)));
}

/** code@underlined-text for compact assertions. */
export function summary(text: string, findings: Finding[]): string[] {
	return findings.map((finding) => `${finding.code}@${underlined(text, finding)}`);
}
