/**
 * Exports no tool writes but an admin may still open: a cell of ten thousand proxy addresses (and
 * the same as ten thousand LDIF lines), a userPrincipalName of 100 KB, a NUL in a value, lone
 * surrogates, a base64 value of 5 MB. The unit, CLI and protocol tests read them all, and each must
 * give findings or a clear message, never a throw.
 */

/** A csvde header of the identity attributes. */
export const identityHeader = 'DN,objectClass,cn,displayName,sAMAccountName,userPrincipalName,mail,proxyAddresses';

/** A csvde row of a user whose UPN, mail and primary SMTP address agree (the value of `upn` aside). */
export function userRow(name: string, upn = `${name.toLowerCase()}@contoso.com`, proxies = `SMTP:${name.toLowerCase()}@contoso.com`): string {
	return `"CN=${name},OU=Users,DC=contoso,DC=com",user,${name},${name},${name.toLowerCase()},${upn},${name.toLowerCase()}@contoso.com,${proxies}`;
}

/** An ldifde record of such a user, its lines in `lines` (after the dn: line and objectClass). */
export function userRecord(name: string, lines: string[] = [`userPrincipalName: ${name.toLowerCase()}@contoso.com`]): string {
	return [`dn: CN=${name},OU=Users,DC=contoso,DC=com`, 'objectClass: user', `cn: ${name}`, `displayName: ${name}`, `sAMAccountName: ${name.toLowerCase()}`, ...lines, '', ''].join('\r\n');
}

/** Enough users (about 14 KB) to put what follows past the 8 KB the CLI searches for NUL bytes. */
function padding(format: 'csv' | 'ldif'): string {
	let text = '';
	for (let i = 0; i < 100; i++) text += format === 'csv' ? `${userRow(`Pad${i}`)}\r\n` : userRecord(`Pad${i}`);
	return text;
}

const proxies = Array.from({ length: 10_000 }, (_, i) => `smtp:p${i}@contoso.com`);

/** Ann's proxyAddresses cell holds 10,001 values; Bo's UPN is the 5001st of them. */
export const manyProxiesCsv = `${identityHeader}\r\n${userRow('Ann', undefined, `"SMTP:ann@contoso.com;${proxies.join(';')}"`)}\r\n${userRow('Bo', 'p5000@contoso.com')}\r\n`;

/** The same as 10,001 LDIF lines. */
export const manyProxiesLdif = userRecord('Ann', ['userPrincipalName: ann@contoso.com', 'proxyAddresses: SMTP:ann@contoso.com', ...proxies.map((proxy) => `proxyAddresses: ${proxy}`)])
	+ userRecord('Bo', ['userPrincipalName: p5000@contoso.com']);

/** 100 KB before the @. */
export const longName = 'a'.repeat(100 * 1024);
export const longUpnCsv = `${identityHeader}\r\n${userRow('Ann', `${longName}@contoso.com`)}\r\n`;
export const longUpnLdif = userRecord('Ann', [`userPrincipalName: ${longName}@contoso.com`]);

/** A NUL inside Ann's UPN, at the start of the file or after `padding`. */
export function nulCsv(late: boolean): string {
	return `${identityHeader}\r\n${late ? padding('csv') : ''}${userRow('Ann', 'ann\u0000x@contoso.com')}\r\n`;
}
export function nulLdif(late: boolean): string {
	return `${late ? padding('ldif') : ''}${userRecord('Ann', ['userPrincipalName: ann\u0000x@contoso.com'])}`;
}

/** Lone surrogates (a high one alone, a low one alone) in a DN, a display name, a UPN, a proxy address and a phone number. */
export const loneSurrogatesCsv = `${identityHeader},mobile\r\n"CN=Ann\ud800,OU=Users,DC=contoso,DC=com",user,Ann,Ann\udc00,ann,ann\ud800x@contoso.com,ann@contoso.com,SMTP:ann\udfff@contoso.com,+1 425\ud800 555 0100\r\n`;
export const loneSurrogatesLdif = userRecord('Ann\ud800', ['userPrincipalName: ann\ud800x@contoso.com', 'proxyAddresses: SMTP:ann\udfff@contoso.com', 'mobile: +1 425\ud800 555 0100']);

/** A userPrincipalName of 3.75 M characters, base64: a 5 MB line. */
export const hugeBase64Name = 'u'.repeat(3.75 * 1024 * 1024);
export const hugeBase64Ldif = userRecord('Ann', [`userPrincipalName:: ${Buffer.from(`${hugeBase64Name}@contoso.com`).toString('base64')}`, 'mail: ann@contoso.com']);
