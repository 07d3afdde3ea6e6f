/** Text from the file shown in hover markdown: escaped so it can never become a link, HTML or a command. */
export function escapeMarkdown(text: string): string {
	return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:"']/g, (ch) => `\\${ch}`);
}
