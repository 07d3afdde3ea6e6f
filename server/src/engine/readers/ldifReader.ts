// Being written (issue 3): RFC 2849 reader producing the shared model.
import type { ExportDocument } from '../model';
export function readLdif(_text: string): ExportDocument {
	return { format: 'ldif', entries: [], names: [], problems: [], recognized: false };
}
