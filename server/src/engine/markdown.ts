/** Text from the file shown in hover markdown: escaped so it can never become a link, HTML or a command. */
export function escapeMarkdown(text: string): string {
	return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:"']/g, (ch) => `\\${ch}`);
}

/** A value as a message or hover quotes it: a long value is cut, so a 5 MB value does not make a 5 MB message. */
export function shortened(value: string, max = 80): string {
	return value.length > max ? `${value.slice(0, max - 3)}…` : value;
}
