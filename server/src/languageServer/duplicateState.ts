/**
 * The server's document- and workspace-level step: every document's pieces put their duplicate keys
 * here, and one index judges them across pieces and documents (the workspace scope) or within one
 * document (the file scope). A piece linted again takes its old keys out and puts its new ones in,
 * so only the groups it touched are judged again; the documents whose duplicates changed are
 * marked, and the server publishes them when the edit's lint completes.
 *
 * A 100k-user export holds about 700k keys, nearly all held by one object. The index therefore
 * keeps no object per key: keys stay in their pieces' packs, each key is a number (its piece's id
 * and its index in the pack), and a Map from the key's hash (computed in the thread that made it)
 * holds that number, or a list of them when several keys share the hash. Only those lists are
 * judged: by the keys' own text (so a hash collision makes no duplicate) and their objects (the DN
 * lower-cased; an entry without one is only itself).
 */
import type { Settings } from '../../../shared/src/settings';
import { duplicateCode, duplicateMessage, maxRelatedPlaces, relatedMessage } from '../engine/duplicates';
import { fnv1a, mixHashes } from '../engine/hash';
import { DocumentFinding, Packed, packedKey, RelatedOffsets, unpackKey } from '../engine/pieces';

/** Where a document's keys live: the document as the index sees it. */
export interface KeyOwner {
	readonly uri: string;
	/** Where a piece starts in the document now (pieces move when earlier text is edited). */
	pieceStart(piece: object): number;
	/** The text of a piece. */
	pieceText(piece: object): string;
}

/** A piece's keys in the index. */
interface IndexedPiece {
	id: number;
	owner: KeyOwner;
	piece: object;
	keys: Packed;
	/** The keys put in the index (a key whose duplicates are off is not), as indexes into the pack. */
	indexed: Int32Array;
	/** The hash each indexed key is filed under (its own, mixed with its file's in the file scope). */
	filed: Uint32Array;
	/** The keys two objects hold, as last judged. */
	duplicates: Set<number>;
}

/** A key's reference: its piece's id times this, plus its index in the piece's pack. */
const perPiece = 2 ** 21;

export class DuplicateState {
	/** A key's filed hash → its reference, or the references of every key filed under it. */
	private readonly slots = new Map<number, number | number[]>();
	private readonly byId = new Map<number, IndexedPiece>();
	private readonly byPiece = new WeakMap<object, IndexedPiece>();
	/** The owners whose duplicates changed since the last take(). */
	private readonly dirty = new Set<KeyOwner>();
	private serial = 0;

	/** Puts a piece's keys in the index (none when duplicates are off for it). */
	add(owner: KeyOwner, piece: object, keys: Packed, settings: Settings): void {
		this.remove(piece);
		const scope = settings.duplicates.scope;
		if (scope === 'off' || keys.count === 0) return;
		if (keys.count >= perPiece) throw new Error(`dirlint: a piece with ${keys.count} duplicate keys`);
		// Whether duplicates of a namespace are reported, asked once per namespace of the pack.
		const reported = new Map<number, boolean>();
		const indexed: number[] = [];
		for (let index = 0; index < keys.count; index++) {
			const at = packedKey.namespaceAt(keys, index);
			let on = reported.get(at);
			if (on === undefined) reported.set(at, (on = duplicateCode(packedKey.namespace(keys, index), settings) !== undefined));
			if (on) indexed.push(index);
		}
		if (indexed.length === 0) return;
		const id = ++this.serial;
		const scopeHash = scope === 'file' ? fnv1a(owner.uri) || 1 : 0;
		const filed = new Uint32Array(indexed.length);
		const entry: IndexedPiece = { id, owner, piece, keys, indexed: Int32Array.from(indexed), filed, duplicates: new Set() };
		this.byId.set(id, entry);
		this.byPiece.set(piece, entry);
		const touched = new Set<number>();
		for (let n = 0; n < indexed.length; n++) {
			const hash = mixHashes(packedKey.hash(keys, indexed[n]), scopeHash);
			filed[n] = hash;
			const reference = id * perPiece + indexed[n];
			const slot = this.slots.get(hash);
			if (slot === undefined) this.slots.set(hash, reference);
			else {
				if (typeof slot === 'number') this.slots.set(hash, [slot, reference]);
				else slot.push(reference);
				touched.add(hash);
			}
		}
		for (const hash of touched) this.judge(hash);
	}

	/** Takes a piece's keys out (it was replaced, or its document closed). */
	remove(piece: object): void {
		const entry = this.byPiece.get(piece);
		if (!entry) return;
		this.byPiece.delete(piece);
		this.byId.delete(entry.id);
		if (entry.duplicates.size > 0) this.dirty.add(entry.owner);
		const touched = new Set<number>();
		for (let n = 0; n < entry.indexed.length; n++) {
			const hash = entry.filed[n];
			const reference = entry.id * perPiece + entry.indexed[n];
			const slot = this.slots.get(hash);
			if (slot === reference) this.slots.delete(hash);
			else if (typeof slot === 'object') {
				const at = slot.indexOf(reference);
				if (at >= 0) slot.splice(at, 1);
				if (slot.length === 1) this.slots.set(hash, slot[0]);
				touched.add(hash);
			}
		}
		for (const hash of touched) this.judge(hash);
	}

	/**
	 * A piece moved in its document (an edit before it added or removed text) without being linted
	 * again: the other holders of its duplicates name places in it, which moved too.
	 */
	moved(piece: object): void {
		const entry = this.byPiece.get(piece);
		if (!entry || entry.duplicates.size === 0) return;
		for (const index of entry.duplicates) for (const other of this.othersOf(entry, index)) this.dirty.add(other.entry.owner);
	}

	/** The documents whose duplicates changed since the last call. */
	take(): KeyOwner[] {
		const owners = [...this.dirty];
		this.dirty.clear();
		return owners;
	}

	/** The piece and index of a reference. */
	private resolve(reference: number): { entry: IndexedPiece; index: number } {
		return { entry: this.byId.get(Math.floor(reference / perPiece))!, index: reference % perPiece };
	}

	/** The object a key belongs to: its DN lower-cased, or its entry in its piece where it has none. */
	private entityOf(entry: IndexedPiece, index: number): string {
		return packedKey.entity(entry.keys, index) || `\u0001${entry.id}#${packedKey.entry(entry.keys, index)}`;
	}

	/** Judges the keys filed under one hash: by their own text, and by the objects that hold them. */
	private judge(hash: number): void {
		const slot = this.slots.get(hash);
		const references = slot === undefined ? [] : typeof slot === 'number' ? [slot] : slot;
		const groups = new Map<string, { entry: IndexedPiece; index: number; entity: string }[]>();
		for (const reference of references) {
			const { entry, index } = this.resolve(reference);
			const key = `${packedKey.namespace(entry.keys, index)}\u0000${packedKey.key(entry.keys, index, entry.owner.pieceText(entry.piece))}`;
			const holder = { entry, index, entity: this.entityOf(entry, index) };
			const group = groups.get(key);
			if (group) group.push(holder);
			else groups.set(key, [holder]);
		}
		for (const group of groups.values()) {
			const duplicate = group.some((holder) => holder.entity !== group[0].entity);
			for (const holder of group) {
				const was = holder.entry.duplicates.has(holder.index);
				if (duplicate) holder.entry.duplicates.add(holder.index);
				else holder.entry.duplicates.delete(holder.index);
				// A duplicate group whose holders changed: every holder's related places (and count) changed too.
				if (was || duplicate) this.dirty.add(holder.entry.owner);
			}
		}
	}

	/** The holders of other objects of the same key as a piece's key `index`. */
	private othersOf(entry: IndexedPiece, index: number): { entry: IndexedPiece; index: number; entity: string }[] {
		const n = binaryIndexOf(entry.indexed, index);
		const slot = this.slots.get(entry.filed[n]);
		if (typeof slot !== 'object') return [];
		const namespace = packedKey.namespace(entry.keys, index);
		const key = packedKey.key(entry.keys, index, entry.owner.pieceText(entry.piece));
		const entity = this.entityOf(entry, index);
		const others: { entry: IndexedPiece; index: number; entity: string }[] = [];
		for (const reference of slot) {
			const other = this.resolve(reference);
			if (packedKey.namespace(other.entry.keys, other.index) !== namespace || packedKey.key(other.entry.keys, other.index, other.entry.owner.pieceText(other.entry.piece)) !== key) continue;
			const otherEntity = this.entityOf(other.entry, other.index);
			if (otherEntity !== entity) others.push({ ...other, entity: otherEntity });
		}
		return others;
	}

	/** How many findings findings() gives for a piece, without wording them. */
	count(piece: object, settings: Settings): number {
		const entry = this.byPiece.get(piece);
		if (!entry) return 0;
		let count = 0;
		for (const index of entry.duplicates) {
			if (duplicateCode(packedKey.namespace(entry.keys, index), settings) && this.othersOf(entry, index).length > 0) count++;
		}
		return count;
	}

	/** The duplicate findings of a piece, in document order, with offsets into its document. */
	findings(piece: object, settings: Settings): DocumentFinding[] {
		const entry = this.byPiece.get(piece);
		if (!entry || entry.duplicates.size === 0) return [];
		const findings: DocumentFinding[] = [];
		const start = entry.owner.pieceStart(piece);
		for (const index of [...entry.duplicates].sort((a, b) => a - b)) {
			const key = unpackKey(entry.keys, index, entry.owner.pieceText(piece));
			const reported = duplicateCode(key.namespace, settings);
			if (!reported) continue;
			const others = this.othersOf(entry, index);
			if (others.length === 0) continue;
			const related: RelatedOffsets[] = others.slice(0, maxRelatedPlaces).map((other) => {
				const otherStart = other.entry.owner.pieceStart(other.entry.piece);
				const attribute = packedKey.attribute(other.entry.keys, other.index);
				return { uri: other.entry.owner.uri, start: otherStart + packedKey.start(other.entry.keys, other.index), end: otherStart + packedKey.end(other.entry.keys, other.index), message: relatedMessage(attribute) };
			});
			const first = others[0];
			const words = {
				namespace: key.namespace, attribute: key.attribute, others: new Set(others.map((other) => other.entity)).size,
				otherAttribute: packedKey.attribute(first.entry.keys, first.index),
				otherFile: first.entry.owner.uri === entry.owner.uri ? undefined : fileName(first.entry.owner.uri),
			};
			findings.push({
				code: reported.code,
				severity: reported.severity,
				attribute: key.attribute,
				start: start + key.start,
				end: start + key.end,
				value: key.value ?? entry.owner.pieceText(piece).slice(key.start, key.end),
				message: duplicateMessage(reported.family, words),
				related,
			});
		}
		return findings.sort((a, b) => a.start - b.start);
	}
}

/** Where `value` is in a sorted Int32Array (it is there). */
function binaryIndexOf(sorted: Int32Array, value: number): number {
	let low = 0;
	let high = sorted.length - 1;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (sorted[middle] < value) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** A document's file name, as a message names it. */
function fileName(uri: string): string {
	return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
