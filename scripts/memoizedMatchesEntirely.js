// Build-time replacement for libphonenumber-js's helpers/matchesEntirely.js (see scripts/build.mjs,
// which adds the export in the module format of the file it replaces). The original compiles
// `new RegExp('^(?:' + pattern + ')$')` on every call, half of the library's time on a large
// export. Same function, same result: compiled patterns are kept per pattern text (the metadata
// holds a bounded set), and a RegExp without the g flag keeps no state between tests.
const compiledPatterns = new Map();
function matchesEntirely(text, regularExpressionText) {
	let pattern = compiledPatterns.get(regularExpressionText);
	if (pattern === undefined) {
		pattern = new RegExp('^(?:' + regularExpressionText + ')$');
		compiledPatterns.set(regularExpressionText, pattern);
	}
	return pattern.test(text || '');
}
