/** The LDIF TextMate grammar, loaded as VS Code loads it (vscode-textmate + the oniguruma WASM). */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from './engineHarness';

let grammar: textmate.IGrammar;

before(async () => {
	const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules/vscode-oniguruma/release/onig.wasm'));
	await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
	const registry = new textmate.Registry({
		onigLib: Promise.resolve({
			createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
			createOnigString: (text: string) => new oniguruma.OnigString(text),
		}),
		loadGrammar: async (scopeName) => {
			if (scopeName !== 'source.ldif') return null;
			const file = path.join(repoRoot, 'syntaxes/ldif.tmLanguage.json');
			return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
		},
	});
	const loaded = await registry.loadGrammar('source.ldif');
	assert.ok(loaded, 'the grammar loads');
	grammar = loaded;
});

/** Each line's tokens as `text => scopes` (without the root scope), the state carried across lines. */
function tokenize(text: string): string[][] {
	let state = textmate.INITIAL;
	return text.split('\n').map((line) => {
		const result = grammar.tokenizeLine(line, state);
		state = result.ruleStack;
		return result.tokens
			.filter((token) => token.endIndex > token.startIndex)
			.map((token) => `${line.slice(token.startIndex, token.endIndex)} => ${token.scopes.slice(1).join(' ')}`);
	});
}

function line(text: string): string[] {
	return tokenize(text)[0];
}

describe('LDIF grammar', () => {
	it('scopes the version line', () => {
		assert.deepEqual(line('version: 1'), [
			'version => keyword.other.version.ldif',
			': => punctuation.separator.key-value.ldif',
			'  => ',
			'1 => constant.numeric.version.ldif',
		]);
	});

	it('scopes a dn line and a base64 dn', () => {
		assert.deepEqual(line('dn: CN=Adele Vance,OU=Users,DC=contoso,DC=com'), [
			'dn => keyword.other.dn.ldif',
			': => punctuation.separator.key-value.ldif',
			'  => ',
			'CN=Adele Vance,OU=Users,DC=contoso,DC=com => entity.name.section.dn.ldif',
		]);
		assert.deepEqual(line('dn:: Q049Wm/DqyBNw7xsbGVy'), [
			'dn => keyword.other.dn.ldif',
			':: => punctuation.separator.key-value.base64.ldif',
			'  => ',
			'Q049Wm/DqyBNw7xsbGVy => string.unquoted.base64.ldif',
		]);
	});

	it('scopes an attribute with an option and its plain value', () => {
		assert.deepEqual(line('telephoneNumber;lang-en: +1 4255551234'), [
			'telephoneNumber => entity.name.tag.attribute.ldif',
			'; => punctuation.separator.option.ldif',
			'lang-en => entity.other.attribute-name.option.ldif',
			': => punctuation.separator.key-value.ldif',
			'  => ',
			'+1 4255551234 => string.unquoted.value.ldif',
		]);
	});

	it('tells a base64 value and a URL value from a plain one', () => {
		assert.deepEqual(line('mobile:: KzQ0IDc5MTEgMTIzNDU2'), [
			'mobile => entity.name.tag.attribute.ldif',
			':: => punctuation.separator.key-value.base64.ldif',
			'  => ',
			'KzQ0IDc5MTEgMTIzNDU2 => string.unquoted.base64.ldif',
		]);
		assert.deepEqual(line('jpegPhoto:< file:///C:/photos/adele.jpg'), [
			'jpegPhoto => entity.name.tag.attribute.ldif',
			':< => punctuation.separator.key-value.url.ldif',
			'  => ',
			'file:///C:/photos/adele.jpg => markup.underline.link.url.ldif',
		]);
	});

	it('scopes comments, folded ones included', () => {
		assert.deepEqual(tokenize('# exported by ldifde\n on Monday\ncn: Adele'), [
			['# => comment.line.number-sign.ldif punctuation.definition.comment.ldif', ' exported by ldifde => comment.line.number-sign.ldif'],
			['  => comment.line.number-sign.ldif punctuation.separator.continuation.ldif', 'on Monday => comment.line.number-sign.ldif'],
			['cn => entity.name.tag.attribute.ldif', ': => punctuation.separator.key-value.ldif', '  => ', 'Adele => string.unquoted.value.ldif'],
		]);
	});

	it('scopes changetype and its values, and marks an unknown one', () => {
		assert.deepEqual(line('changetype: modify'), [
			'changetype => keyword.other.changetype.ldif',
			': => punctuation.separator.key-value.ldif',
			'  => ',
			'modify => constant.language.changetype.ldif',
		]);
		for (const kind of ['add', 'delete', 'modrdn', 'moddn']) {
			assert.equal(line(`changetype: ${kind}`)[3], `${kind} => constant.language.changetype.ldif`);
		}
		assert.equal(line('changetype: update')[3], 'update => invalid.illegal.changetype.ldif');
	});

	it('scopes modify keywords at line start and the "-" line', () => {
		assert.deepEqual(tokenize('replace: mobile\nmobile: +1 4255551234\n-\ndelete: otherTelephone;lang-en\n-'), [
			['replace => keyword.other.modification.ldif', ': => punctuation.separator.key-value.ldif', '  => ', 'mobile => entity.name.tag.attribute.ldif'],
			['mobile => entity.name.tag.attribute.ldif', ': => punctuation.separator.key-value.ldif', '  => ', '+1 4255551234 => string.unquoted.value.ldif'],
			['- => punctuation.separator.modification.ldif'],
			[
				'delete => keyword.other.modification.ldif', ': => punctuation.separator.key-value.ldif', '  => ',
				'otherTelephone => entity.name.tag.attribute.ldif', '; => punctuation.separator.option.ldif', 'lang-en => entity.other.attribute-name.option.ldif',
			],
			['- => punctuation.separator.modification.ldif'],
		]);
		assert.equal(line('add: otherMobile')[0], 'add => keyword.other.modification.ldif');
		assert.equal(line('newrdn: CN=Megan Bowen-Smith')[0], 'newrdn => keyword.other.ldif');
	});

	it('keeps a folded continuation in the scope of the value it continues', () => {
		assert.deepEqual(tokenize('dn: CN=Alex Wilber,OU=Us\n ers,DC=contoso,DC=com\ndescription:: UmV0YWls\n IG1hbmFnZXI=\nmobile: +1 4255551234'), [
			['dn => keyword.other.dn.ldif', ': => punctuation.separator.key-value.ldif', '  => ', 'CN=Alex Wilber,OU=Us => entity.name.section.dn.ldif'],
			['  => entity.name.section.dn.ldif punctuation.separator.continuation.ldif', 'ers,DC=contoso,DC=com => entity.name.section.dn.ldif'],
			['description => entity.name.tag.attribute.ldif', ':: => punctuation.separator.key-value.base64.ldif', '  => ', 'UmV0YWls => string.unquoted.base64.ldif'],
			['  => string.unquoted.base64.ldif punctuation.separator.continuation.ldif', 'IG1hbmFnZXI= => string.unquoted.base64.ldif'],
			['mobile => entity.name.tag.attribute.ldif', ': => punctuation.separator.key-value.ldif', '  => ', '+1 4255551234 => string.unquoted.value.ldif'],
		]);
	});

	it('tokenizes the fixtures without leaving a rule open across records', () => {
		for (const name of ['ldifde-users.ldf', 'changes.ldf', 'idfix-export.ldf', 'broken.ldf']) {
			const lines = tokenize(fs.readFileSync(path.join(repoRoot, 'test/fixtures', name), 'utf8').replace(/\r\n/g, '\n'));
			lines.forEach((tokens, index) => {
				if (tokens.length > 0 && tokens[0].startsWith('dn => ')) assert.equal(tokens[0], 'dn => keyword.other.dn.ldif', `${name}:${index + 1}`);
			});
		}
	});
});
