/**
 * The server's duplicate index (languageServer/duplicateState.ts) over real pieces of the engine:
 * a group two objects hold is a duplicate on every holder, with the others as related places; a
 * piece taken out or put in again changes only its groups, and says whose diagnostics changed; a
 * hash two different keys share makes no duplicate; the file scope keeps files apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPiece, pieceLayout } from '../../server/src/engine/pieces';
import { DuplicateState, KeyOwner } from '../../server/src/languageServer/duplicateState';
import { linter, settings } from './engineHarness';

const header = 'DN,userPrincipalName,mail\n';

/** A document of one piece, as DocumentLint would file it. */
function owner(uri: string, body: string): KeyOwner & { piece: object; text: string } {
	const piece = {};
	return { uri, piece, text: body, pieceStart: () => header.length, pieceText: () => body };
}

function file(state: DuplicateState, uri: string, body: string, overrides: Record<string, unknown> = {}) {
	const document = owner(uri, body);
	const resolved = settings(overrides);
	const text = header + body;
	const { bodyStart } = pieceLayout(text, 'csv', 'auto');
	const result = lintPiece(linter, text.slice(bodyStart), text.slice(0, bodyStart), 'csv', resolved);
	state.add(document, document.piece, result.keys, resolved);
	return { document, duplicates: () => state.findings(document.piece, resolved).map((finding) => `${finding.attribute}@${(header + body).slice(finding.start, finding.end)}<-${finding.related!.map((place) => `${place.uri}`).join(',')}`) };
}

test('two objects holding one address, in two documents: every holder, with the other as its related place', () => {
	const state = new DuplicateState();
	const a = file(state, 'file:///a.csv', '"CN=Ann,DC=x",ann@contoso.com,ann@contoso.com\n');
	assert.deepEqual(a.duplicates(), [], 'one object holding its UPN as its mail is no duplicate');
	assert.deepEqual(state.take(), []);
	const b = file(state, 'file:///b.csv', '"CN=Bo,DC=x",bo@contoso.com,ANN@contoso.com\n');
	assert.deepEqual(a.duplicates(), ['userPrincipalName@ann@contoso.com<-file:///b.csv', 'mail@ann@contoso.com<-file:///b.csv']);
	assert.deepEqual(b.duplicates(), ['mail@ANN@contoso.com<-file:///a.csv,file:///a.csv']);
	assert.deepEqual(state.take().map((changed) => changed.uri).sort(), ['file:///a.csv', 'file:///b.csv']);
	state.remove(b.document.piece);
	assert.deepEqual(a.duplicates(), []);
	assert.deepEqual(state.take().map((changed) => changed.uri).sort(), ['file:///a.csv', 'file:///b.csv']);
});

test('the same DN in two documents is one object; entries without a DN are each their own', () => {
	const state = new DuplicateState();
	const a = file(state, 'file:///a.csv', '"CN=Ann,DC=x",ann@contoso.com,\n');
	file(state, 'file:///b.csv', '"cn=ann,dc=x",ann@contoso.com,\n');
	assert.deepEqual(a.duplicates(), []);
	const noDn = new DuplicateState();
	const c = file(noDn, 'file:///c.csv', ',cy@contoso.com,\n,cy@contoso.com,\n');
	assert.equal(c.duplicates().length, 2);
});

test('the file scope looks within each file; off and a duplicate code turned off file nothing', () => {
	const state = new DuplicateState();
	const a = file(state, 'file:///a.csv', '"CN=Ann,DC=x",ann@contoso.com,\n', { duplicates: { scope: 'file' } });
	file(state, 'file:///b.csv', '"CN=Bo,DC=x",ann@contoso.com,\n', { duplicates: { scope: 'file' } });
	assert.deepEqual(a.duplicates(), []);
	const off = new DuplicateState();
	const c = file(off, 'file:///c.csv', '"CN=Ann,DC=x",ann@contoso.com,\n', { severity: { 'sync.duplicate': 'off' } });
	file(off, 'file:///d.csv', '"CN=Bo,DC=x",ann@contoso.com,\n', { severity: { 'sync.duplicate': 'off' } });
	assert.deepEqual(c.duplicates(), []);
});

test('two different keys that share a hash are no duplicate', () => {
	// keyHash('sync:address', …) of these two is 3918624354: FNV-1a collides.
	const state = new DuplicateState();
	const a = file(state, 'file:///a.csv', '"CN=Ann,DC=x",u67455@contoso.com,\n');
	const b = file(state, 'file:///b.csv', '"CN=Bo,DC=x",u1283490@contoso.com,\n"CN=Cy,DC=x",U67455@contoso.com,\n');
	assert.deepEqual(a.duplicates(), ['userPrincipalName@u67455@contoso.com<-file:///b.csv']);
	assert.deepEqual(b.duplicates(), ['userPrincipalName@U67455@contoso.com<-file:///a.csv']);
});
