/** Files esbuild's text loader embeds in the bundle as strings (scripts/build.mjs: loader '.ps1': 'text'). */
declare module '*.ps1' {
	const text: string;
	export default text;
}
