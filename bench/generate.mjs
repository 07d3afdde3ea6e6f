#!/usr/bin/env node
// Generates a realistic Active Directory user export from a fixed seed, the same bytes every run:
//   node bench/generate.mjs --users 100000 --format csv|ldif --out users.csv [--seed 1]
// CSV is written the way csvde writes it (CRLF, quoted DN, `a;b` multi-valued cells), LDIF the
// way ldifde does (changetype: add, base64 for non-ASCII values, lines folded at 76 characters).
// Phone values are mixed as in a real tenant: about 45% already `+CC NSN`, 25% written in another
// international form, 10% national with the row's c set, 5% with an extension, 3% invalid and
// 12% empty. Every number is drawn from a country's valid prefixes and checked with
// libphonenumber-js (the metadata the engine uses); an invalid draw is drawn again.
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

const usage = 'usage: node bench/generate.mjs --users N --format csv|ldif --out FILE [--seed N]';

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Per country: weight, calling code, the international dialling prefix its people write (or ''
// when it is not 00/011), cities, and [prefix, number of random digits after it] for fixed and
// mobile numbers.
const countries = [
	{ c: 'US', weight: 30, cc: '1', idd: '011', cities: ['Seattle', 'New York', 'Austin', 'Chicago'],
		fixed: [['206', 7], ['212', 7], ['512', 7], ['312', 7], ['425', 7], ['415', 7], ['617', 7]], mobile: [['917', 7], ['305', 7], ['702', 7], ['713', 7]] },
	{ c: 'GB', weight: 12, cc: '44', idd: '00', cities: ['London', 'Manchester', 'Edinburgh'],
		fixed: [['207', 7], ['203', 7], ['161', 7], ['131', 7], ['121', 7]], mobile: [['7700', 6], ['7911', 6], ['7400', 6], ['7500', 6]] },
	{ c: 'DE', weight: 10, cc: '49', idd: '00', cities: ['Berlin', 'Munich', 'Hamburg'],
		fixed: [['30', 8], ['89', 8], ['40', 8], ['221', 7]], mobile: [['151', 8], ['160', 7], ['171', 8], ['176', 8]] },
	{ c: 'FR', weight: 8, cc: '33', idd: '00', cities: ['Paris', 'Lyon'],
		fixed: [['1', 8], ['4', 8], ['5', 8]], mobile: [['6', 8], ['7', 8]] },
	{ c: 'IN', weight: 8, cc: '91', idd: '00', cities: ['Bengaluru', 'Mumbai', 'Delhi'],
		fixed: [['80', 8], ['22', 8], ['11', 8]], mobile: [['98', 8], ['99', 8], ['97', 8], ['70', 8]] },
	{ c: 'CA', weight: 4, cc: '1', idd: '011', cities: ['Toronto', 'Vancouver'],
		fixed: [['416', 7], ['604', 7], ['514', 7]], mobile: [['403', 7], ['613', 7]] },
	{ c: 'AU', weight: 3, cc: '61', idd: '', cities: ['Sydney', 'Melbourne'],
		fixed: [['2', 8], ['3', 8]], mobile: [['4', 8]] },
	{ c: 'NL', weight: 3, cc: '31', idd: '00', cities: ['Amsterdam'], fixed: [['20', 7]], mobile: [['6', 8]] },
	{ c: 'ES', weight: 3, cc: '34', idd: '00', cities: ['Madrid', 'Barcelona'], fixed: [['91', 7], ['93', 7]], mobile: [['6', 8]] },
	{ c: 'IT', weight: 3, cc: '39', idd: '00', cities: ['Milan', 'Rome'], fixed: [['02', 8], ['06', 8]], mobile: [['3', 9]] },
	{ c: 'JP', weight: 3, cc: '81', idd: '', cities: ['Tokyo'], fixed: [['3', 8]], mobile: [['90', 8], ['80', 8]] },
	{ c: 'BR', weight: 2, cc: '55', idd: '', cities: ['Sao Paulo'], fixed: [['113', 7], ['213', 7]], mobile: [['119', 8], ['219', 8]] },
	{ c: 'MX', weight: 2, cc: '52', idd: '00', cities: ['Mexico City'], fixed: [['55', 8]], mobile: [['33', 8]] },
	{ c: 'SE', weight: 2, cc: '46', idd: '00', cities: ['Stockholm'], fixed: [['8', 7]], mobile: [['70', 7], ['73', 7]] },
	{ c: 'CH', weight: 2, cc: '41', idd: '00', cities: ['Zurich'], fixed: [['44', 7]], mobile: [['79', 7]] },
	{ c: 'PL', weight: 2, cc: '48', idd: '00', cities: ['Warsaw'], fixed: [['22', 7]], mobile: [['5', 8], ['6', 8]] },
	{ c: 'IE', weight: 1, cc: '353', idd: '00', cities: ['Dublin'], fixed: [['1', 7]], mobile: [['83', 7], ['87', 7]] },
	{ c: 'SG', weight: 1, cc: '65', idd: '', cities: ['Singapore'], fixed: [['6', 7]], mobile: [['8', 7], ['9', 7]] },
	{ c: 'CN', weight: 2, cc: '86', idd: '00', cities: ['Shanghai', 'Beijing'], fixed: [['10', 8]], mobile: [['13', 9], ['18', 9]] },
];

const firstNames = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
	'William', 'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Priya', 'Rahul', 'Anita', 'Arjun',
	'Oliver', 'Amelia', 'Harry', 'Isla', 'Lukas', 'Lena', 'Jürgen', 'Sophie', 'Léa', 'Hugo', 'Chloé', 'José', 'Lucía',
	'Giulia', 'Marco', 'Yuki', 'Haruto', 'Wei', 'Fang', 'Zoë', 'Björn', 'Åsa', 'Łukasz', 'Agnieszka', 'Siobhán', 'Seán',
	'Ana', 'João', 'Camila', 'Mateo', 'Noah', 'Emma', 'Liam', 'Ava', 'Ethan', 'Mia', 'Lucas', 'Grace'];
const lastNames = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Wilson',
	'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Patel', 'Sharma', 'Singh', 'Kumar', 'Gupta', 'Müller', 'Schmidt',
	'Schneider', 'Fischer', 'Weber', 'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Rossi', 'Russo', 'Ferrari', 'García',
	'Fernández', 'López', 'Sato', 'Suzuki', 'Tanaka', 'Wang', 'Li', 'Zhang', 'Chen', 'Andersson', 'Johansson', 'Nowak',
	'Kowalski', "O'Brien", 'Murphy', 'Kelly', 'Silva', 'Santos', 'Oliveira', 'Hernández', 'Jansen', 'de Vries', 'Lee',
	'Nguyen', 'Kim', 'Walker', 'Young'];
const departments = ['Sales', 'Marketing', 'Finance', 'Human Resources', 'Engineering', 'IT', 'Legal', 'Operations',
	'Customer Support', 'Research', 'Procurement'];
const titles = ['Manager', 'Senior Engineer', 'Engineer', 'Analyst', 'Account Executive', 'Director', 'Consultant',
	'Specialist', 'Coordinator', 'Administrator', 'Vice President', 'Intern'];

const header = ['DN', 'objectClass', 'cn', 'sn', 'givenName', 'displayName', 'sAMAccountName', 'userPrincipalName',
	'mail', 'department', 'title', 'telephoneNumber', 'mobile', 'otherTelephone', 'c'];

function createPicker(random) {
	const totalWeight = countries.reduce((sum, country) => sum + country.weight, 0);
	return {
		random,
		one: (items) => items[Math.floor(random() * items.length)],
		digits: (count) => {
			let text = '';
			for (let i = 0; i < count; i++) text += Math.floor(random() * 10);
			return text;
		},
		country: () => {
			let roll = random() * totalWeight;
			for (const country of countries) if ((roll -= country.weight) < 0) return country;
			return countries[0];
		},
	};
}

/** A valid number of the country's kind (fixed or mobile), as a libphonenumber-js PhoneNumber. */
function validNumber(pick, country, kind) {
	for (let attempt = 0; attempt < 100; attempt++) {
		const [prefix, length] = pick.one(country[kind]);
		const number = parsePhoneNumberWithError(`+${country.cc}${prefix}${pick.digits(length)}`);
		if (number.isValid() && number.country === country.c) return number;
	}
	throw new Error(`no valid ${kind} number for ${country.c} in 100 draws: check its prefixes`);
}

/** One of the international forms SSPR rejects although the number is right. */
function otherInternationalForm(pick, country, number) {
	const nsn = number.nationalNumber;
	const forms = [
		() => number.formatInternational(),
		() => number.formatInternational().replace(/ /g, '-'),
		() => `+${country.cc}${nsn}`,
		() => (country.idd ? `${country.idd}${number.formatInternational().slice(1)}` : number.formatInternational()),
	];
	if (country.cc === '1') forms.push(() => `+1 (${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`);
	return pick.one(forms)();
}

function invalidValue(pick, country, number) {
	const nsn = number.nationalNumber;
	return pick.one([
		() => 'n/a',
		() => 'TBD',
		() => `+${country.cc} ${nsn.slice(0, 4)}`,
		() => `+999 ${nsn}`,
		() => `ext ${pick.digits(4)}`,
		() => `${nsn.slice(0, 3)}-${pick.digits(2)}`,
	])();
}

/** A phone value as an admin typed it; '' for an empty attribute. */
function phoneValue(pick, country, kind) {
	const roll = pick.random();
	if (roll < 0.12) return '';
	const number = validNumber(pick, country, kind);
	if (roll < 0.57) return `+${country.cc} ${number.nationalNumber}`;
	if (roll < 0.82) return otherInternationalForm(pick, country, number);
	if (roll < 0.92) return number.formatNational();
	if (roll < 0.97) return `${pick.one([number.formatInternational(), `+${country.cc} ${number.nationalNumber}`])}${pick.one([' x', ' ext. ', ';ext='])}${pick.digits(3)}`;
	return invalidValue(pick, country, number);
}

function otherTelephone(pick, country) {
	const roll = pick.random();
	if (roll < 0.85) return [];
	const values = [phoneValue(pick, country, 'fixed'), roll < 0.95 ? '' : phoneValue(pick, country, 'fixed')];
	return values.filter((value) => value !== '');
}

function ascii(text) {
	return text.normalize('NFD').replace(/[^A-Za-z]/g, '');
}

function user(pick, index) {
	const country = pick.country();
	const first = pick.one(firstNames);
	const last = pick.one(lastNames);
	const cn = `${first} ${last}`;
	const sam = `${ascii(first)[0]}${ascii(last)}`.slice(0, 12).toLowerCase() + index;
	return {
		DN: `CN=${cn},OU=${pick.one(country.cities)},DC=contoso,DC=com`,
		objectClass: 'user',
		cn, sn: last, givenName: first,
		displayName: pick.random() < 0.15 ? `${last}, ${first}` : cn,
		sAMAccountName: sam,
		userPrincipalName: `${sam}@contoso.com`,
		mail: pick.random() < 0.9 ? `${ascii(first)}.${ascii(last)}${index}@contoso.com`.toLowerCase() : '',
		department: pick.one(departments),
		title: pick.one(titles),
		telephoneNumber: phoneValue(pick, country, 'fixed'),
		mobile: phoneValue(pick, country, 'mobile'),
		otherTelephone: otherTelephone(pick, country),
		c: country.c,
	};
}

function csvField(value) {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRow(record) {
	return header.map((name) => {
		const value = record[name];
		if (name === 'DN') return `"${value.replace(/"/g, '""')}"`;
		return csvField(Array.isArray(value) ? value.join(';') : value);
	}).join(',') + '\r\n';
}

/** RFC 2849: `name: value`, or `name:: base64` when the value is not a SAFE-STRING; folded at 76. */
function ldifLine(name, value) {
	const safe = !/^[ :<]/.test(value) && !value.endsWith(' ') && !/[^\x01-\x09\x0b\x0c\x0e-\x7f]/.test(value);
	const line = safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
	let folded = line.slice(0, 76);
	for (let i = 76; i < line.length; i += 75) folded += `\r\n ${line.slice(i, i + 75)}`;
	return `${folded}\r\n`;
}

function ldifRecord(record) {
	let text = ldifLine('dn', record.DN) + 'changetype: add\r\n';
	for (const objectClass of ['top', 'person', 'organizationalPerson', 'user']) text += ldifLine('objectClass', objectClass);
	for (const name of header.slice(2)) {
		const values = Array.isArray(record[name]) ? record[name] : [record[name]];
		for (const value of values) if (value !== '') text += ldifLine(name, value);
	}
	return `${text}\r\n`;
}

function generate({ users, format, out, seed }) {
	const pick = createPicker(mulberry32(seed));
	const fd = openSync(out, 'w');
	let buffer = format === 'csv' ? `${header.join(',')}\r\n` : 'version: 1\r\n\r\n';
	for (let index = 0; index < users; index++) {
		const record = user(pick, index);
		buffer += format === 'csv' ? csvRow(record) : ldifRecord(record);
		if (buffer.length >= 1 << 20) {
			writeSync(fd, buffer);
			buffer = '';
		}
	}
	writeSync(fd, buffer);
	closeSync(fd);
}

function parseOptions(argv) {
	const { values } = parseArgs({
		args: argv,
		options: { users: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
	});
	const users = Number(values.users);
	const seed = Number(values.seed);
	if (!Number.isInteger(users) || users < 1 || !['csv', 'ldif'].includes(values.format) || !values.out || !Number.isInteger(seed)) {
		throw new Error(usage);
	}
	return { users, format: values.format, out: values.out, seed };
}

try {
	const options = parseOptions(process.argv.slice(2));
	const started = performance.now();
	generate(options);
	console.error(`wrote ${options.users} users to ${options.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(2);
}
