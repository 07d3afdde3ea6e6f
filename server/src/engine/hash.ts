/**
 * 32-bit string hashes for the duplicate step's keys: FNV-1a, and a multiply-rotate hash (MurmurHash2's
 * mixing step) independent of it. A key's hash is computed once, where the key is made (in the piece's
 * thread), so the threads that index keys need not hold or cut their strings.
 */

/** FNV-1a over UTF-16 code units, continuing from `hash` (so parts hash as if joined). */
export function fnv1a(text: string, hash = 0x811c9dc5): number {
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	return hash >>> 0;
}

/** The FNV-1a hash of each namespace and its NUL, kept: a few namespaces open every key. */
const namespaceHashes = new Map<string, number>();

/** The FNV-1a hash of a duplicate key: its namespace, a NUL, and the key. */
export function keyHash(namespace: string, key: string): number {
	let start = namespaceHashes.get(namespace);
	if (start === undefined) {
		start = Math.imul(fnv1a(namespace), 0x01000193) >>> 0;
		if (namespaceHashes.size < 1000) namespaceHashes.set(namespace, start);
	}
	return fnv1a(key, start);
}

/** A multiply-rotate hash of a text, independent of FNV-1a: a second fingerprint. */
export function murmurish(text: string): number {
	let hash = 0x9747b28c ^ text.length;
	for (let i = 0; i < text.length; i++) {
		let k = Math.imul(text.charCodeAt(i), 0x5bd1e995);
		k ^= k >>> 24;
		hash = Math.imul(hash, 0x5bd1e995) ^ Math.imul(k, 0x5bd1e995);
	}
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0x5bd1e995);
	return (hash ^ (hash >>> 15)) >>> 0;
}

/** Two hashes mixed into one (a key's and its scope's: the file, where duplicates are looked for per file). */
export function mixHashes(a: number, b: number): number {
	return b === 0 ? a : (Math.imul(a ^ (b >>> 15), 0x2c1b3c6d) ^ b) >>> 0;
}
