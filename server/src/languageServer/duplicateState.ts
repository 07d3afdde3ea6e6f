/**
 * The server's document- and workspace-level step: every document's pieces put their duplicate keys
 * here as holders, and one DuplicateIndex judges them across pieces and documents (the workspace
 * scope) or within one document (the file scope). A piece linted again takes its old holders out and
 * puts its new ones in, so only the groups it touched are judged again; the documents whose
 * duplicates changed are marked, and the server publishes them when the edit's lint completes.
 */
import type { Settings } from '../../../shared/src/settings';
import { duplicateCode, duplicateMessage, DuplicateIndex, groupOf, Holder, maxRelatedPlaces, relatedMessage } from '../engine/duplicates';
import { Packed, PieceKey, RelatedOffsets, unpackKey, DocumentFinding } from '../engine/pieces';

/** Where a document's holders live: the document as the index sees it. */
export interface KeyOwner {
	readonly uri: string;
	/** Where a piece starts in the document now (pieces move when earlier text is edited). */
	pieceStart(piece: object): number;
	/** The text of a piece. */
	pieceText(piece: object): string;
}

export interface ServerHolder extends Holder {
	readonly owner: KeyOwner;
	readonly piece: object;
	readonly key: PieceKey;
	/** Whether two objects hold its value, as last judged. */
	duplicate: boolean;
}

/** The piece's holders, and how many of them are duplicates (most pieces have none). */
export interface PieceHolders {
	holders: ServerHolder[];
	duplicates: number;
}

export class DuplicateState {
	private readonly index = new DuplicateIndex<ServerHolder>((holders) => this.changed(holders));
	/** The owners whose duplicates changed since the last take(). */
	private readonly dirty = new Set<KeyOwner>();
	/** Each piece's holders. */
	private readonly byPiece = new WeakMap<object, PieceHolders>();
	private serial = 0;

	/** Puts a piece's keys in the index (none when duplicates are off for it). */
	add(owner: KeyOwner, piece: object, keys: Packed, settings: Settings): void {
		this.remove(piece);
		const scope = settings.duplicates.scope;
		if (scope === 'off' || keys.count === 0) return;
		const pieceId = ++this.serial;
		const holders: ServerHolder[] = [];
		for (let index = 0; index < keys.count; index++) {
			const key = unpackKey(keys, index);
			if (!duplicateCode(key.namespace, settings)) continue;
			const group = scope === 'file' ? `${owner.uri}\u0000${groupOf(key.namespace, key.key)}` : groupOf(key.namespace, key.key);
			// Without a DN an entry is only itself: its piece and index tell it apart.
			const entity = key.entity || `\u0001${owner.uri}#${pieceId}#${key.entry}`;
			holders.push({ group, entity, owner, piece, key, duplicate: false });
		}
		if (holders.length === 0) return;
		const entry: PieceHolders = { holders, duplicates: 0 };
		this.byPiece.set(piece, entry);
		this.index.add(holders);
	}

	/** Takes a piece's keys out (it was replaced, or its document closed). */
	remove(piece: object): void {
		const entry = this.byPiece.get(piece);
		if (!entry) return;
		this.byPiece.delete(piece);
		this.index.remove(entry.holders);
	}

	/** Takes out every piece of an owner. */
	removeAll(pieces: readonly object[]): void {
		for (const piece of pieces) this.remove(piece);
	}

	/** The documents whose duplicates changed since the last call. */
	take(): KeyOwner[] {
		const owners = [...this.dirty];
		this.dirty.clear();
		return owners;
	}

	private changed(holders: Iterable<ServerHolder>): void {
		for (const holder of holders) {
			const duplicate = this.index.isDuplicate(holder);
			const entry = this.byPiece.get(holder.piece);
			if (entry && duplicate !== holder.duplicate) entry.duplicates += duplicate ? 1 : -1;
			holder.duplicate = duplicate;
			this.dirty.add(holder.owner);
		}
	}

	/** The duplicate findings of a piece, in document order, with offsets into its document. */
	findings(piece: object, settings: Settings): DocumentFinding[] {
		const entry = this.byPiece.get(piece);
		if (!entry || entry.duplicates === 0) return [];
		const findings: DocumentFinding[] = [];
		for (const holder of entry.holders) {
			if (!holder.duplicate) continue;
			const reported = duplicateCode(holder.key.namespace, settings);
			if (!reported) continue;
			const others = this.index.othersOf(holder);
			const value = valueOf(holder);
			const start = holder.owner.pieceStart(holder.piece);
			const related: RelatedOffsets[] = others.slice(0, maxRelatedPlaces).map((other) => {
				const otherStart = other.owner.pieceStart(other.piece);
				return { uri: other.owner.uri, start: otherStart + other.key.start, end: otherStart + other.key.end, message: relatedMessage(other.key.attribute) };
			});
			const first = others[0];
			const words = {
				namespace: holder.key.namespace, attribute: holder.key.attribute, others: new Set(others.map((other) => other.entity)).size,
				otherAttribute: first.key.attribute, otherFile: first.owner.uri === holder.owner.uri ? undefined : fileName(first.owner.uri),
			};
			findings.push({
				code: reported.code,
				severity: reported.severity,
				attribute: holder.key.attribute,
				start: start + holder.key.start,
				end: start + holder.key.end,
				value,
				message: duplicateMessage(reported.family, words),
				related,
			});
		}
		return findings.sort((a, b) => a.start - b.start);
	}
}

/** A document's file name, as a message names it. */
function fileName(uri: string): string {
	return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function valueOf(holder: ServerHolder): string {
	return holder.key.value ?? holder.owner.pieceText(holder.piece).slice(holder.key.start, holder.key.end);
}
