/**
 * The CLI's side of the duplicate step: every duplicate key of every file checked in one run, kept
 * as a fingerprint and a place, then judged at the end. A million users give about five million
 * keys; as strings in a Map they would cost more memory than everything else the CLI does, so each
 * key is a row of eight 32-bit numbers: two hashes of its namespace and normalised value, by two
 * different functions (a false duplicate needs both to collide: about 5 in 10^20 per pair of keys,
 * 10^-6 for all pairs of five million keys), the object's hash, the file and names, the place.
 * Past 262,144 rows (8 MB) the rows go to temporary files, one per hash partition (64), and each
 * partition is judged alone, in arrays the partitions share: memory is bounded by a partition, not
 * by the users. Which keys are
 * duplicates, who is reported and with which words is the engine's rule (engine/duplicates.ts),
 * the same as the language server's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Settings } from '../../../shared/src/settings';
import { duplicateCode, duplicateMessage, maxRelatedPlaces, relatedMessage } from '../engine/duplicates';
import { kAttribute, KeyBlock, kColumn, kEndColumn, kEndLine, keySlots, kEntity, kHashHigh, kHashLow, kLine, kNamespace, LocatedFinding, ownEntry } from './pieceLinter';

// A row of the table: eight 32-bit numbers.
const rHigh = 0, rLow = 1, rEntity = 2, rNames = 3, rLine = 4, rColumn = 5, rEndLine = 6, rEndColumn = 7, rowSlots = 8;
/** Rows are spread over 2^partitionBits partitions by their hash: a group of equal keys is in one, judged alone. */
const partitionBits = 6;
const partitions = 1 << partitionBits;
/** Rows a partition gathers before they go to memory or disk as one block. */
const blockRows = 2048;
/** Rows kept in memory in all; past this the table writes its partitions to temporary files. */
export const memoryRows = 1 << 18;

class Partition {
	/** Full blocks not yet written to disk. */
	readonly blocks: Uint32Array[] = [];
	current = new Uint32Array(blockRows * rowSlots);
	used = 0;
	/** The temporary file holding this partition's written blocks, once the table spills. */
	file?: { fd: number; path: string; rows: number };
}

/**
 * The CLI's table of duplicate keys: every key of every file checked in one run, as numbers, judged
 * at the end. Rows are partitioned by hash; once more than `memoryRows` are held, the partitions are
 * written to temporary files (removed at once where the system allows, else when the table is
 * disposed) and judged one at a time, so memory stays bounded however many users the files hold.
 */
export class KeyTable {
	private rows = 0;
	private readonly parts = Array.from({ length: partitions }, () => new Partition());
	private spilled: string | undefined;
	private readonly attributes: string[] = [];
	private readonly namespaces: string[] = [];
	/** Entries without a DN get an id of their own, with the top bit set (a DN's hash has it clear). */
	private nextEntry = ownEntry;
	private lastBatch = -1;
	private lastEntry = -1;
	private batches = 0;

	/** `files` are the files of the run, in order: keys name theirs by index. */
	constructor(readonly files: readonly string[], private readonly rowsInMemory = memoryRows) {
		if (files.length > 0xffff) throw new Error(`dirlint: more than ${0xffff} files in one run`);
	}

	get size(): number {
		return this.rows;
	}

	/** Whether rows went to temporary files. */
	get onDisk(): boolean {
		return this.spilled !== undefined;
	}

	/** Adds one piece's keys, in file number `fileIndex`, after `linesBefore` lines of it. */
	add(fileIndex: number, block: KeyBlock, linesBefore = 0): void {
		const batch = this.batches++;
		const { numbers, names } = block;
		const attributes = names.map((name) => indexIn(this.attributes, name));
		const namespaces = names.map((name) => indexIn(this.namespaces, name));
		for (let at = 0; at < block.count * keySlots; at += keySlots) {
			let entity = numbers[at + kEntity];
			if (entity & ownEntry) {
				// No object named: an id of its own per entry of the piece.
				const entry = entity & ~ownEntry;
				if (batch !== this.lastBatch || entry !== this.lastEntry) {
					this.lastBatch = batch;
					this.lastEntry = entry;
					this.nextEntry = ((this.nextEntry + 1) | ownEntry) >>> 0;
				}
				entity = this.nextEntry;
			}
			const high = numbers[at + kHashHigh];
			const part = this.parts[high >>> (32 - partitionBits)];
			const row = part.current;
			const o = part.used * rowSlots;
			row[o + rHigh] = high;
			row[o + rLow] = numbers[at + kHashLow];
			row[o + rEntity] = entity;
			row[o + rNames] = (fileIndex << 16) | (attributes[numbers[at + kAttribute]] << 8) | namespaces[numbers[at + kNamespace]];
			row[o + rLine] = numbers[at + kLine] + linesBefore;
			row[o + rColumn] = numbers[at + kColumn];
			row[o + rEndLine] = numbers[at + kEndLine] + linesBefore;
			row[o + rEndColumn] = numbers[at + kEndColumn];
			this.rows++;
			if (++part.used === blockRows) this.full(part);
		}
		if (!this.spilled && this.rows > this.rowsInMemory) this.spill();
	}

	private full(part: Partition): void {
		if (this.spilled) this.write(part, part.current);
		else {
			part.blocks.push(part.current);
		}
		part.current = new Uint32Array(blockRows * rowSlots);
		part.used = 0;
	}

	/** Moves every partition's blocks to a temporary file of its own. */
	private spill(): void {
		this.spilled = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-keys-'));
		for (const [index, part] of this.parts.entries()) {
			const file = path.join(this.spilled, `${index}.keys`);
			const fd = fs.openSync(file, 'w+', 0o600);
			part.file = { fd, path: file, rows: 0 };
			// Where the system allows it the file goes at once: it lives as long as its descriptor.
			try {
				fs.unlinkSync(file);
				part.file.path = '';
			} catch {
				// Windows keeps an open file: removed by dispose(), or as the process exits.
				if (index === 0) process.once('exit', () => this.dispose());
			}
			for (const block of part.blocks) this.write(part, block);
			part.blocks.length = 0;
		}
	}

	private write(part: Partition, block: Uint32Array): void {
		const file = part.file!;
		const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
		fs.writeSync(file.fd, bytes, 0, bytes.length, file.rows * rowSlots * 4);
		file.rows += block.length / rowSlots;
	}

	private rowCount(part: Partition): number {
		return (part.file?.rows ?? 0) + part.blocks.length * blockRows + part.used;
	}

	/** Every row of a partition, in one array: the front of `into`, which the partitions share. */
	private rowsOf(part: Partition, into: Uint32Array): Uint32Array {
		const onDisk = part.file?.rows ?? 0;
		const all = into.subarray(0, this.rowCount(part) * rowSlots);
		if (onDisk > 0) fs.readSync(part.file!.fd, new Uint8Array(all.buffer, all.byteOffset, onDisk * rowSlots * 4), 0, onDisk * rowSlots * 4, 0);
		let at = onDisk * rowSlots;
		for (const block of part.blocks) {
			all.set(block, at);
			at += block.length;
		}
		all.set(part.current.subarray(0, part.used * rowSlots), at);
		return all;
	}

	/** Closes and removes the temporary files. */
	dispose(): void {
		for (const part of this.parts) {
			if (!part.file) continue;
			fs.closeSync(part.file.fd);
			if (part.file.path) fs.rmSync(part.file.path, { force: true });
			part.file = undefined;
		}
		if (this.spilled) fs.rmSync(this.spilled, { recursive: true, force: true });
		this.spilled = undefined;
	}

	/**
	 * Judges every key: the duplicate findings of each file (by its index in `files`), in line order.
	 * One partition at a time; in it, rows of one hash bucket are chained, and a bucket's rows with
	 * equal fingerprints are one group.
	 */
	judge(settings: Settings): Map<number, LocatedFinding[]> {
		const byFile = new Map<number, LocatedFinding[]>();
		// One set of arrays, as large as the largest partition, serves every partition in turn.
		const most = Math.max(...this.parts.map((part) => this.rowCount(part)));
		let size = 1;
		while (size * 2 < most) size <<= 1;
		const work = { rows: new Uint32Array(most * rowSlots), heads: new Int32Array(size), next: new Int32Array(most) };
		for (const part of this.parts) this.judgePartition(this.rowsOf(part, work.rows), work, settings, byFile);
		for (const findings of byFile.values()) findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
		return byFile;
	}

	private judgePartition(table: Uint32Array, work: { heads: Int32Array; next: Int32Array }, settings: Settings, byFile: Map<number, LocatedFinding[]>): void {
		const rows = table.length / rowSlots;
		if (rows < 2) return;
		// A bucket per two keys or so: chains stay short. The partition's rows share their top hash bits.
		let size = 1;
		while (size * 2 < rows) size <<= 1;
		const heads = work.heads.subarray(0, size).fill(-1);
		const next = work.next;
		for (let row = 0; row < rows; row++) {
			const bucket = table[row * rowSlots + rHigh] & (size - 1);
			next[row] = heads[bucket];
			heads[bucket] = row;
		}
		for (let bucket = 0; bucket < size; bucket++) {
			let row = heads[bucket];
			if (row < 0 || next[row] < 0) continue;
			// Rows of this bucket (a few), grouped by their whole fingerprint.
			const groups: number[][] = [];
			for (; row >= 0; row = next[row]) {
				const high = table[row * rowSlots + rHigh];
				const low = table[row * rowSlots + rLow];
				const group = groups.find((rows) => table[rows[0] * rowSlots + rHigh] === high && table[rows[0] * rowSlots + rLow] === low);
				if (group) group.push(row);
				else groups.push([row]);
			}
			for (const group of groups) {
				if (group.length > 1) this.report(table, group.reverse(), settings, byFile);
			}
		}
	}

	private report(table: Uint32Array, group: number[], settings: Settings, byFile: Map<number, LocatedFinding[]>): void {
		const entityOf = (row: number) => table[row * rowSlots + rEntity];
		const names = (row: number) => table[row * rowSlots + rNames];
		const fileOf = (row: number) => names(row) >>> 16;
		const attributeOf = (row: number) => this.attributes[(names(row) >>> 8) & 0xff];
		const rangeOf = (row: number) => ({ line: table[row * rowSlots + rLine], column: table[row * rowSlots + rColumn], endLine: table[row * rowSlots + rEndLine], endColumn: table[row * rowSlots + rEndColumn] });
		const entities = new Set(group.map(entityOf));
		if (entities.size < 2) return;
		const namespace = this.namespaces[names(group[0]) & 0xff];
		const reported = duplicateCode(namespace, settings);
		if (!reported) return;
		for (const row of group) {
			const own = entityOf(row);
			const others = group.filter((other) => entityOf(other) !== own);
			const attribute = attributeOf(row);
			const first = others[0];
			const otherFile = fileOf(first) === fileOf(row) ? undefined : path.basename(this.files[fileOf(first)]);
			const words = { namespace, attribute, others: new Set(others.map(entityOf)).size, otherAttribute: attributeOf(first), otherFile };
			const finding: LocatedFinding = {
				code: reported.code,
				severity: reported.severity,
				message: duplicateMessage(reported.family, words),
				range: rangeOf(row),
				related: others.slice(0, maxRelatedPlaces).map((other) => ({
					file: this.files[fileOf(other)],
					range: rangeOf(other),
					message: relatedMessage(attributeOf(other)),
				})),
			};
			const file = fileOf(row);
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
