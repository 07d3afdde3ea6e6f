// Build-time replacement for libphonenumber-js's helpers/matchesEntirely.js (see scripts/build.mjs).
// The original compiles `new RegExp('^(?:' + pattern + ')$')` on every call, which is half of the
// library's time on a large export. Same function, same result: compiled patterns are kept per
// pattern text (the metadata holds a bounded set), and a RegExp without the g flag has no state.
'use strict';
const compiled = new Map();
function matchesEntirely(text, regularExpressionText) {
	let pattern = compiled.get(regularExpressionText);
	if (pattern === undefined) {
		pattern = new RegExp('^(?:' + regularExpressionText + ')$');
		compiled.set(regularExpressionText, pattern);
	}
	return pattern.test(text || '');
}
module.exports = matchesEntirely;
module.exports.default = matchesEntirely;
