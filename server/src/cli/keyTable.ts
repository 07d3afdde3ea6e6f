/**
 * The CLI's side of the duplicate step: every duplicate key of every file checked in one run, kept
 * as a fingerprint and a place, then judged at the end. A million users give two to three million
 * keys; as strings in a Map they would cost more memory than everything else the CLI does, so each
 * key is two 32-bit hashes (of its namespace and normalised value, by two different functions: a
 * false duplicate needs both to collide, about one chance in 10^12 per pair of keys) in typed
 * arrays, about 32 bytes a key. Which keys are duplicates, who is reported and with which words is
 * the engine's rule (engine/duplicates.ts), the same as the language server's.
 */
import * as path from 'node:path';
import type { Settings } from '../../../shared/src/settings';
import { duplicateCode, duplicateMessage, maxRelatedPlaces, relatedMessage } from '../engine/duplicates';
import { fnv1a, murmurish } from '../engine/hash';
import type { LocatedFinding, LocatedKey } from './pieceLinter';

/** Rows per chunk of each column: columns grow a chunk at a time, never by copying. */
const chunkBits = 16;
const chunkRows = 1 << chunkBits;
const rowMask = chunkRows - 1;

class Column<T extends Uint32Array | Uint16Array | Uint8Array> {
	private readonly chunks: T[] = [];

	constructor(private readonly make: (length: number) => T) {}

	set(row: number, value: number): void {
		const chunk = row >>> chunkBits;
		if (chunk === this.chunks.length) this.chunks.push(this.make(chunkRows));
		this.chunks[chunk][row & rowMask] = value;
	}

	get(row: number): number {
		return this.chunks[row >>> chunkBits][row & rowMask];
	}
}

export class KeyTable {
	private rows = 0;
	private readonly hashHigh = new Column((n) => new Uint32Array(n));
	private readonly hashLow = new Column((n) => new Uint32Array(n));
	private readonly entity = new Column((n) => new Uint32Array(n));
	private readonly file = new Column((n) => new Uint16Array(n));
	private readonly attribute = new Column((n) => new Uint8Array(n));
	private readonly namespace = new Column((n) => new Uint8Array(n));
	private readonly line = new Column((n) => new Uint32Array(n));
	private readonly column = new Column((n) => new Uint32Array(n));
	private readonly endLine = new Column((n) => new Uint32Array(n));
	private readonly endColumn = new Column((n) => new Uint32Array(n));
	private readonly attributes: string[] = [];
	private readonly namespaces: string[] = [];
	/** Entries without a DN get an id of their own, with the top bit set (a DN's hash has it clear). */
	private nextEntry = 0x80000000;
	private lastBatch = -1;
	private lastEntry = -1;
	private batches = 0;

	/** `files` are the files of the run, in order: keys name theirs by index. */
	constructor(readonly files: readonly string[]) {}

	get size(): number {
		return this.rows;
	}

	/** Adds one piece's keys, already shifted to their lines in file number `fileIndex`. */
	add(fileIndex: number, keys: readonly LocatedKey[]): void {
		const batch = this.batches++;
		for (const key of keys) {
			const row = this.rows++;
			this.hashHigh.set(row, key.hash);
			this.hashLow.set(row, murmurish(`${key.namespace}\u0000${key.key}`));
			let entity: number;
			if (key.entity) entity = fnv1a(key.entity) & 0x7fffffff;
			else {
				if (batch !== this.lastBatch || key.entry !== this.lastEntry) {
					this.lastBatch = batch;
					this.lastEntry = key.entry;
					this.nextEntry = ((this.nextEntry + 1) | 0x80000000) >>> 0;
				}
				entity = this.nextEntry;
			}
			this.entity.set(row, entity);
			this.file.set(row, fileIndex);
			this.attribute.set(row, indexIn(this.attributes, key.attribute));
			this.namespace.set(row, indexIn(this.namespaces, key.namespace));
			this.line.set(row, key.range.line);
			this.column.set(row, key.range.column);
			this.endLine.set(row, key.range.endLine);
			this.endColumn.set(row, key.range.endColumn);
		}
	}

	private rangeOf(row: number) {
		return { line: this.line.get(row), column: this.column.get(row), endLine: this.endLine.get(row), endColumn: this.endColumn.get(row) };
	}

	/**
	 * Judges every key: the duplicate findings of each file (by its index in `files`), in line order.
	 * Keys of one hash bucket are chained; a bucket's rows with equal fingerprints are one group.
	 */
	judge(settings: Settings): Map<number, LocatedFinding[]> {
		const byFile = new Map<number, LocatedFinding[]>();
		const rows = this.rows;
		if (rows < 2) return byFile;
		let size = 1;
		while (size < rows * 2) size <<= 1;
		const heads = new Int32Array(size).fill(-1);
		const next = new Int32Array(rows);
		for (let row = 0; row < rows; row++) {
			const bucket = this.hashHigh.get(row) & (size - 1);
			next[row] = heads[bucket];
			heads[bucket] = row;
		}
		for (let bucket = 0; bucket < size; bucket++) {
			let row = heads[bucket];
			if (row < 0 || next[row] < 0) continue;
			// Rows of this bucket, grouped by their whole fingerprint.
			const groups = new Map<string, number[]>();
			for (; row >= 0; row = next[row]) {
				const fingerprint = `${this.hashHigh.get(row)}:${this.hashLow.get(row)}`;
				const group = groups.get(fingerprint);
				if (group) group.push(row);
				else groups.set(fingerprint, [row]);
			}
			for (const group of groups.values()) {
				if (group.length > 1) this.report(group.reverse(), settings, byFile);
			}
		}
		for (const findings of byFile.values()) findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
		return byFile;
	}

	private report(group: number[], settings: Settings, byFile: Map<number, LocatedFinding[]>): void {
		const entities = new Set(group.map((row) => this.entity.get(row)));
		if (entities.size < 2) return;
		const namespace = this.namespaces[this.namespace.get(group[0])];
		const reported = duplicateCode(namespace, settings);
		if (!reported) return;
		for (const row of group) {
			const own = this.entity.get(row);
			const others = group.filter((other) => this.entity.get(other) !== own);
			const attribute = this.attributes[this.attribute.get(row)];
			const first = others[0];
			const otherFile = this.file.get(first) === this.file.get(row) ? undefined : path.basename(this.files[this.file.get(first)]);
			const words = { namespace, attribute, others: new Set(others.map((other) => this.entity.get(other))).size, otherAttribute: this.attributes[this.attribute.get(first)], otherFile };
			const finding: LocatedFinding = {
				code: reported.code,
				severity: reported.severity,
				message: duplicateMessage(reported.family, words),
				range: this.rangeOf(row),
				related: others.slice(0, maxRelatedPlaces).map((other) => ({
					file: this.files[this.file.get(other)],
					range: this.rangeOf(other),
					message: relatedMessage(this.attributes[this.attribute.get(other)]),
				})),
			};
			const file = this.file.get(row);
			const list = byFile.get(file);
			if (list) list.push(finding);
			else byFile.set(file, [finding]);
		}
	}
}

/** The index of a name in a small table of names, added where new (at most 256: attributes and namespaces are few). */
function indexIn(names: string[], name: string): number {
	let index = names.indexOf(name);
	if (index < 0) {
		if (names.length === 256) throw new Error(`dirlint: more than 256 names in the key table (${name})`);
		index = names.push(name) - 1;
	}
	return index;
}
