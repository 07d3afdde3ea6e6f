/**
 * Resolving a row's country columns (c, countryCode, co) to the ISO 3166 alpha-2 region that
 * numbers written without a country code are read in.
 */
import * as l10n from '@vscode/l10n';
import metadata from 'libphonenumber-js/metadata.max.json';
import type { AttributeValue, Entry } from './model';

/** ISO 3166-1 alpha-2 followed by numeric, for every region libphonenumber-js knows. */
const numericTable =
	'AF004 AL008 DZ012 AS016 AD020 AO024 AI660 AG028 AR032 AM051 AW533 AU036 AT040 AZ031 BS044 BH048 BD050 BB052 BY112 BE056 BZ084 BJ204 BM060 BT064 BO068 BA070 BW072 BR076 IO086 BN096 BG100 BF854 BI108 KH116 CM120 CA124 CV132 KY136 CF140 TD148 CL152 CN156 CX162 CC166 CO170 KM174 CG178 CD180 CK184 CR188 CI384 HR191 CU192 CY196 CZ203 DK208 DJ262 DM212 DO214 EC218 EG818 SV222 GQ226 ER232 EE233 ET231 FK238 FO234 FJ242 FI246 FR250 GF254 PF258 GA266 GM270 GE268 DE276 GH288 GI292 GR300 GL304 GD308 GP312 GU316 GT320 GN324 GW624 GY328 HT332 VA336 HN340 HK344 HU348 IS352 IN356 ID360 IR364 IQ368 IE372 IL376 IT380 JM388 JP392 JO400 KZ398 KE404 KI296 KP408 KR410 KW414 KG417 LA418 LV428 LB422 LS426 LR430 LY434 LI438 LT440 LU442 MO446 MG450 MW454 MY458 MV462 ML466 MT470 MH584 MQ474 MR478 MU480 YT175 MX484 FM583 MD498 MC492 MN496 MS500 MA504 MZ508 MM104 NA516 NR520 NP524 NL528 NC540 NZ554 NI558 NE562 NG566 NU570 NF574 MP580 MK807 NO578 OM512 PK586 PW585 PS275 PA591 PG598 PY600 PE604 PH608 PL616 PT620 PR630 QA634 RE638 RO642 RU643 RW646 SH654 KN659 LC662 PM666 VC670 WS882 SM674 ST678 SA682 SN686 SC690 SL694 SG702 SK703 SI705 SB090 SO706 ZA710 ES724 LK144 SD729 SR740 SJ744 SZ748 SE752 CH756 SY760 TW158 TJ762 TZ834 TH764 TL626 TG768 TK772 TO776 TT780 TN788 TR792 TM795 TC796 TV798 UG800 UA804 AE784 GB826 US840 UY858 UZ860 VU548 VE862 VN704 VG092 VI850 WF876 EH732 YE887 ZM894 ZW716 AX248 BQ535 CW531 GG831 IM833 JE832 ME499 BL652 MF663 RS688 SX534 SS728 XK983';

/**
 * The English names of each region libphonenumber-js knows, `alpha-2:name|name…`: the ISO 3166-1 short name,
 * official name and common name (as Debian's iso-codes 4.15 lists them), then any other name Active Directory
 * Users and Computers writes in `co` when a country is picked (its Country/region list, Windows' friendly
 * names). ISO's newer way of writing a short name ("Korea (the Republic of)") and ADUC's older one
 * ("Hong Kong S.A.R.") are the same names to nameKeys.
 */
const regionNames = [
	'AD:Andorra|Principality of Andorra',
	'AE:United Arab Emirates',
	'AF:Afghanistan|Islamic Republic of Afghanistan',
	'AG:Antigua and Barbuda',
	'AI:Anguilla',
	'AL:Albania|Republic of Albania',
	'AM:Armenia|Republic of Armenia',
	'AO:Angola|Republic of Angola',
	'AR:Argentina|Argentine Republic',
	'AS:American Samoa',
	'AT:Austria|Republic of Austria',
	'AU:Australia',
	'AW:Aruba',
	'AX:Åland Islands',
	'AZ:Azerbaijan|Republic of Azerbaijan',
	'BA:Bosnia and Herzegovina|Republic of Bosnia and Herzegovina',
	'BB:Barbados',
	'BD:Bangladesh|People\'s Republic of Bangladesh',
	'BE:Belgium|Kingdom of Belgium',
	'BF:Burkina Faso',
	'BG:Bulgaria|Republic of Bulgaria',
	'BH:Bahrain|Kingdom of Bahrain',
	'BI:Burundi|Republic of Burundi',
	'BJ:Benin|Republic of Benin',
	'BL:Saint Barthélemy',
	'BM:Bermuda',
	'BN:Brunei Darussalam|Brunei',
	'BO:Bolivia, Plurinational State of|Plurinational State of Bolivia|Bolivia',
	'BQ:Bonaire, Sint Eustatius and Saba',
	'BR:Brazil|Federative Republic of Brazil',
	'BS:Bahamas|Commonwealth of the Bahamas|Bahamas, The',
	'BT:Bhutan|Kingdom of Bhutan',
	'BW:Botswana|Republic of Botswana',
	'BY:Belarus|Republic of Belarus',
	'BZ:Belize',
	'CA:Canada',
	'CC:Cocos (Keeling) Islands',
	'CD:Congo, The Democratic Republic of the|Congo (DRC)',
	'CF:Central African Republic',
	'CG:Congo|Republic of the Congo',
	'CH:Switzerland|Swiss Confederation',
	'CI:Côte d\'Ivoire|Republic of Côte d\'Ivoire',
	'CK:Cook Islands',
	'CL:Chile|Republic of Chile',
	'CM:Cameroon|Republic of Cameroon',
	'CN:China|People\'s Republic of China',
	'CO:Colombia|Republic of Colombia',
	'CR:Costa Rica|Republic of Costa Rica',
	'CU:Cuba|Republic of Cuba',
	'CV:Cabo Verde|Republic of Cabo Verde|Cape Verde',
	'CW:Curaçao',
	'CX:Christmas Island',
	'CY:Cyprus|Republic of Cyprus',
	'CZ:Czechia|Czech Republic',
	'DE:Germany|Federal Republic of Germany',
	'DJ:Djibouti|Republic of Djibouti',
	'DK:Denmark|Kingdom of Denmark',
	'DM:Dominica|Commonwealth of Dominica',
	'DO:Dominican Republic',
	'DZ:Algeria|People\'s Democratic Republic of Algeria',
	'EC:Ecuador|Republic of Ecuador',
	'EE:Estonia|Republic of Estonia',
	'EG:Egypt|Arab Republic of Egypt',
	'EH:Western Sahara',
	'ER:Eritrea|the State of Eritrea',
	'ES:Spain|Kingdom of Spain',
	'ET:Ethiopia|Federal Democratic Republic of Ethiopia',
	'FI:Finland|Republic of Finland',
	'FJ:Fiji|Republic of Fiji|Fiji Islands',
	'FK:Falkland Islands (Malvinas)|Falkland Islands (Islas Malvinas)',
	'FM:Micronesia, Federated States of|Federated States of Micronesia|Micronesia',
	'FO:Faroe Islands',
	'FR:France|French Republic',
	'GA:Gabon|Gabonese Republic',
	'GB:United Kingdom|United Kingdom of Great Britain and Northern Ireland',
	'GD:Grenada',
	'GE:Georgia',
	'GF:French Guiana',
	'GG:Guernsey',
	'GH:Ghana|Republic of Ghana',
	'GI:Gibraltar',
	'GL:Greenland',
	'GM:Gambia|Republic of the Gambia|Gambia, The',
	'GN:Guinea|Republic of Guinea',
	'GP:Guadeloupe',
	'GQ:Equatorial Guinea|Republic of Equatorial Guinea',
	'GR:Greece|Hellenic Republic',
	'GT:Guatemala|Republic of Guatemala',
	'GU:Guam',
	'GW:Guinea-Bissau|Republic of Guinea-Bissau',
	'GY:Guyana|Republic of Guyana',
	'HK:Hong Kong|Hong Kong Special Administrative Region of China|Hong Kong SAR',
	'HN:Honduras|Republic of Honduras',
	'HR:Croatia|Republic of Croatia',
	'HT:Haiti|Republic of Haiti',
	'HU:Hungary',
	'ID:Indonesia|Republic of Indonesia',
	'IE:Ireland',
	'IL:Israel|State of Israel',
	'IM:Isle of Man|Man, Isle of',
	'IN:India|Republic of India',
	'IO:British Indian Ocean Territory',
	'IQ:Iraq|Republic of Iraq',
	'IR:Iran, Islamic Republic of|Islamic Republic of Iran|Iran',
	'IS:Iceland|Republic of Iceland',
	'IT:Italy|Italian Republic',
	'JE:Jersey',
	'JM:Jamaica',
	'JO:Jordan|Hashemite Kingdom of Jordan',
	'JP:Japan',
	'KE:Kenya|Republic of Kenya',
	'KG:Kyrgyzstan|Kyrgyz Republic',
	'KH:Cambodia|Kingdom of Cambodia',
	'KI:Kiribati|Republic of Kiribati',
	'KM:Comoros|Union of the Comoros',
	'KN:Saint Kitts and Nevis|St. Kitts and Nevis',
	'KP:Korea, Democratic People\'s Republic of|Democratic People\'s Republic of Korea|North Korea',
	'KR:Korea, Republic of|South Korea|Korea',
	'KW:Kuwait|State of Kuwait',
	'KY:Cayman Islands',
	'KZ:Kazakhstan|Republic of Kazakhstan',
	'LA:Lao People\'s Democratic Republic|Laos',
	'LB:Lebanon|Lebanese Republic',
	'LC:Saint Lucia|St. Lucia',
	'LI:Liechtenstein|Principality of Liechtenstein',
	'LK:Sri Lanka|Democratic Socialist Republic of Sri Lanka',
	'LR:Liberia|Republic of Liberia',
	'LS:Lesotho|Kingdom of Lesotho',
	'LT:Lithuania|Republic of Lithuania',
	'LU:Luxembourg|Grand Duchy of Luxembourg',
	'LV:Latvia|Republic of Latvia',
	'LY:Libya',
	'MA:Morocco|Kingdom of Morocco',
	'MC:Monaco|Principality of Monaco',
	'MD:Moldova, Republic of|Republic of Moldova|Moldova',
	'ME:Montenegro',
	'MF:Saint Martin (French part)',
	'MG:Madagascar|Republic of Madagascar',
	'MH:Marshall Islands|Republic of the Marshall Islands',
	'MK:North Macedonia|Republic of North Macedonia|Macedonia, Former Yugoslav Republic of',
	'ML:Mali|Republic of Mali',
	'MM:Myanmar|Republic of Myanmar',
	'MN:Mongolia',
	'MO:Macao|Macao Special Administrative Region of China|Macao SAR',
	'MP:Northern Mariana Islands|Commonwealth of the Northern Mariana Islands',
	'MQ:Martinique',
	'MR:Mauritania|Islamic Republic of Mauritania',
	'MS:Montserrat',
	'MT:Malta|Republic of Malta',
	'MU:Mauritius|Republic of Mauritius',
	'MV:Maldives|Republic of Maldives',
	'MW:Malawi|Republic of Malawi',
	'MX:Mexico|United Mexican States',
	'MY:Malaysia',
	'MZ:Mozambique|Republic of Mozambique',
	'NA:Namibia|Republic of Namibia',
	'NC:New Caledonia',
	'NE:Niger|Republic of the Niger',
	'NF:Norfolk Island',
	'NG:Nigeria|Federal Republic of Nigeria',
	'NI:Nicaragua|Republic of Nicaragua',
	'NL:Netherlands|Kingdom of the Netherlands',
	'NO:Norway|Kingdom of Norway',
	'NP:Nepal|Federal Democratic Republic of Nepal',
	'NR:Nauru|Republic of Nauru',
	'NU:Niue',
	'NZ:New Zealand',
	'OM:Oman|Sultanate of Oman',
	'PA:Panama|Republic of Panama',
	'PE:Peru|Republic of Peru',
	'PF:French Polynesia',
	'PG:Papua New Guinea|Independent State of Papua New Guinea',
	'PH:Philippines|Republic of the Philippines',
	'PK:Pakistan|Islamic Republic of Pakistan',
	'PL:Poland|Republic of Poland',
	'PM:Saint Pierre and Miquelon|St. Pierre and Miquelon',
	'PR:Puerto Rico',
	'PS:Palestine, State of|the State of Palestine|Palestinian Authority',
	'PT:Portugal|Portuguese Republic',
	'PW:Palau|Republic of Palau',
	'PY:Paraguay|Republic of Paraguay',
	'QA:Qatar|State of Qatar',
	'RE:Réunion',
	'RO:Romania',
	'RS:Serbia|Republic of Serbia',
	'RU:Russian Federation|Russia',
	'RW:Rwanda|Rwandese Republic',
	'SA:Saudi Arabia|Kingdom of Saudi Arabia',
	'SB:Solomon Islands',
	'SC:Seychelles|Republic of Seychelles',
	'SD:Sudan|Republic of the Sudan',
	'SE:Sweden|Kingdom of Sweden',
	'SG:Singapore|Republic of Singapore',
	'SH:Saint Helena, Ascension and Tristan da Cunha',
	'SI:Slovenia|Republic of Slovenia',
	'SJ:Svalbard and Jan Mayen|Svalbard',
	'SK:Slovakia|Slovak Republic',
	'SL:Sierra Leone|Republic of Sierra Leone',
	'SM:San Marino|Republic of San Marino',
	'SN:Senegal|Republic of Senegal',
	'SO:Somalia|Federal Republic of Somalia',
	'SR:Suriname|Republic of Suriname',
	'SS:South Sudan|Republic of South Sudan',
	'ST:Sao Tome and Principe|Democratic Republic of Sao Tome and Principe|São Tomé and Príncipe',
	'SV:El Salvador|Republic of El Salvador',
	'SX:Sint Maarten (Dutch part)',
	'SY:Syrian Arab Republic|Syria',
	'SZ:Eswatini|Kingdom of Eswatini|Swaziland',
	'TC:Turks and Caicos Islands',
	'TD:Chad|Republic of Chad',
	'TG:Togo|Togolese Republic',
	'TH:Thailand|Kingdom of Thailand',
	'TJ:Tajikistan|Republic of Tajikistan',
	'TK:Tokelau',
	'TL:Timor-Leste|Democratic Republic of Timor-Leste',
	'TM:Turkmenistan',
	'TN:Tunisia|Republic of Tunisia',
	'TO:Tonga|Kingdom of Tonga',
	'TR:Türkiye|Republic of Türkiye|Turkey',
	'TT:Trinidad and Tobago|Republic of Trinidad and Tobago',
	'TV:Tuvalu',
	'TW:Taiwan, Province of China|Taiwan',
	'TZ:Tanzania, United Republic of|United Republic of Tanzania|Tanzania',
	'UA:Ukraine',
	'UG:Uganda|Republic of Uganda',
	'US:United States|United States of America',
	'UY:Uruguay|Eastern Republic of Uruguay',
	'UZ:Uzbekistan|Republic of Uzbekistan',
	'VA:Holy See (Vatican City State)|Vatican City',
	'VC:Saint Vincent and the Grenadines|St. Vincent and the Grenadines',
	'VE:Venezuela, Bolivarian Republic of|Bolivarian Republic of Venezuela|Venezuela',
	'VG:Virgin Islands, British|British Virgin Islands',
	'VI:Virgin Islands, U.S.|Virgin Islands of the United States|Virgin Islands',
	'VN:Viet Nam|Socialist Republic of Viet Nam|Vietnam',
	'VU:Vanuatu|Republic of Vanuatu',
	'WF:Wallis and Futuna',
	'WS:Samoa|Independent State of Samoa',
	'YE:Yemen|Republic of Yemen',
	'YT:Mayotte',
	'ZA:South Africa|Republic of South Africa',
	'ZM:Zambia|Republic of Zambia',
	'ZW:Zimbabwe|Republic of Zimbabwe',
];

/** Names AD admins type in `co` that neither ISO 3166 nor ADUC writes (found by nameKeys too: `U.S.A.` is `usa`). */
const nameAliases: Record<string, string> = {
	'usa': 'US', 'uk': 'GB', 'great britain': 'GB', 'england': 'GB', 'scotland': 'GB', 'wales': 'GB',
	'northern ireland': 'GB', 'holland': 'NL', 'uae': 'AE', 'turkey': 'TR', 'swaziland': 'SZ', 'burma': 'MM',
	'ivory coast': 'CI', 'east timor': 'TL', 'cape verde': 'CV', 'macau': 'MO', 'hong kong s.a.r., china': 'HK', 'macao s.a.r., china': 'MO',
};

let byNumeric: Map<number, string> | undefined;
let byName: Map<string, string | null> | undefined;

function numericMap(): Map<number, string> {
	if (!byNumeric) {
		byNumeric = new Map();
		for (const item of numericTable.split(' ')) byNumeric.set(Number(item.slice(2)), item.slice(0, 2));
	}
	return byNumeric;
}

/**
 * The keys a country name is found by: case, accents, dots and apostrophes dropped (`Côte d'Ivoire`, `COTE
 * D’IVOIRE`, `Cote d Ivoire`; `S.A.R.` is `SAR`), `&` read as `and`, `St.` as `Saint` and a leading `the` dropped; a name
 * written `Korea, Republic of` or `Korea (the Republic of)` is also found as `Republic of Korea`, and the
 * other way round. Nothing is ever dropped from a name but `the`: `Congo (DRC)` is not `Congo`.
 */
export function nameKeys(name: string): string[] {
	const text = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[.`]/g, '').replace(/&/g, ' and ').replace(/\(the\)/g, ' ');
	// An apostrophe is dropped (`d'Ivoire` is `divoire`), and where one is, also read as a space (`d Ivoire`).
	const apostrophe = /['\u2019\u02BC]/g;
	const texts = apostrophe.test(text) ? [text.replace(apostrophe, ''), text.replace(apostrophe, ' ')] : [text];
	const forms: string[] = [];
	for (const written of texts) {
		forms.push(written);
		const bracketed = /^(.*?)\s*[([]\s*([^()[\]]*?)\s*[)\]]\s*$/.exec(written);
		if (bracketed) forms.push(`${bracketed[2]} ${bracketed[1]}`);
		const inverted = /^([^,]*),\s*([^,]*)$/.exec(written);
		if (inverted) forms.push(`${inverted[2]} ${inverted[1]}`);
	}
	return forms.map((form) => form.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().replace(/^the /, '').replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte'));
}

/** Every name, each by all its keys; a key two regions share finds neither (null). */
function nameMap(): Map<string, string | null> {
	if (!byName) {
		const map = new Map<string, string | null>();
		const add = (name: string, code: string) => {
			for (const key of nameKeys(name)) {
				const known = map.get(key);
				map.set(key, known === undefined || known === code ? code : null);
			}
		};
		for (const line of regionNames) {
			const code = line.slice(0, 2);
			for (const name of line.slice(3).split('|')) add(name, code);
		}
		for (const [name, code] of Object.entries(nameAliases)) add(name, code);
		const english = new Intl.DisplayNames(['en'], { type: 'region' });
		const chinese = new Intl.DisplayNames(['zh-Hans'], { type: 'region' });
		for (const code of supportedRegions) {
			for (const names of [english, chinese]) {
				const name = names.of(code);
				if (name && name !== code) add(name, code);
			}
		}
		byName = map;
	}
	return byName;
}

/**
 * The regions libphonenumber-js knows: what its isSupportedCountry answers, without the wrapper
 * that copies its arguments and appends the metadata on every call (this is asked once per row).
 */
const supportedRegions = new Set(Object.keys((metadata as { countries: Record<string, unknown> }).countries));

/** An alpha-2 code libphonenumber-js knows, upper-cased, or undefined. */
export function regionFromAlpha2(value: string): string | undefined {
	if (supportedRegions.has(value)) return value;
	const code = value.trim().toUpperCase();
	return supportedRegions.has(code) ? code : undefined;
}

/** The region of an ISO 3166-1 numeric code (`276`, `036`, `36`), or undefined; Samba's `0` is none. */
export function regionFromNumeric(value: string): string | undefined {
	const text = value.trim();
	return /^\d{1,3}$/.test(text) ? numericMap().get(Number(text)) : undefined;
}

/**
 * The region a country name denotes: an ISO 3166 short, official or common name, a name ADUC writes in
 * `co`, an English or Chinese name as Intl gives it, in any case, with or without accents (nameKeys).
 */
export function regionFromName(value: string): string | undefined {
	const map = nameMap();
	const plain = map.get(value.trim().toLowerCase());
	if (plain !== undefined) return plain ?? undefined;
	for (const key of nameKeys(value)) {
		const code = map.get(key);
		if (code !== undefined) return code ?? undefined;
	}
	return undefined;
}

/** A row's country values, as written (the first checked value of each). */
export interface CountryValues {
	c?: string;
	countryCode?: string;
	co?: string;
}

/** Where the region numbers without a country code are read in came from, and whether the row's country values disagree. */
export interface RegionReading {
	/** ISO 3166 alpha-2, or undefined where no value and no default names a region libphonenumber-js knows. */
	region?: string;
	source?: 'c' | 'countryCode' | 'co' | 'default';
	/**
	 * Set where the values that name a region name different ones: each such value's region (a value that
	 * names none, Samba's `countryCode: 0` included, is left out). ADUC always writes all three together.
	 */
	conflict?: CountryValues;
}

/**
 * The region of a row: its c, else its countryCode, else its co, else the default (dirlint.defaultRegion),
 * with the conflict where its values name different regions.
 */
export function readRegion(values: CountryValues, defaultRegion: string): RegionReading {
	const fromC = values.c === undefined ? undefined : regionFromAlpha2(values.c);
	const fromCode = values.countryCode === undefined ? undefined : regionFromNumeric(values.countryCode);
	const fromName = values.co === undefined ? undefined : regionFromName(values.co);
	const region = fromC ?? fromCode ?? fromName;
	if (!region) {
		const fallback = regionFromAlpha2(defaultRegion);
		return fallback ? { region: fallback, source: 'default' } : {};
	}
	const reading: RegionReading = { region, source: fromC ? 'c' : fromCode ? 'countryCode' : 'co' };
	if ([fromC, fromCode, fromName].some((named) => named !== undefined && named !== region)) {
		const conflict: CountryValues = {};
		if (fromC) conflict.c = fromC;
		if (fromCode) conflict.countryCode = fromCode;
		if (fromName) conflict.co = fromName;
		reading.conflict = conflict;
	}
	return reading;
}

/** A country value in the conflict warning: `"DE"`, `"276" (DE)`, `"Germany" (DE)`, or not set. */
function shownValue(value: string | undefined, region: string | undefined, isCode: boolean): string {
	if (value === undefined) return l10n.t('not set');
	const quoted = JSON.stringify(value);
	return region && !(isCode && value.trim().toUpperCase() === region) ? `${quoted} (${region})` : quoted;
}

/**
 * The warning for a row whose country values disagree: the three values and the one the region was taken
 * from. For a reading with a conflict.
 */
export function regionConflictMessage(values: CountryValues, reading: RegionReading): string {
	const conflict = reading.conflict ?? {};
	return l10n.t('The country values of this user disagree: c is {0}, countryCode is {1} and co is {2}. Numbers without a country code are read in {3}, from {4}; ADUC sets all three together.',
		shownValue(values.c, conflict.c, true), shownValue(values.countryCode, conflict.countryCode, false), shownValue(values.co, conflict.co, false),
		reading.region ?? '', reading.source ?? '');
}

function firstChecked(values: readonly AttributeValue[]): AttributeValue | undefined {
	for (const value of values) if (value.checked) return value;
	return undefined;
}

/** The catalogue's region sources, as regions.ts names the country values. */
const countryValueNames = { alpha2: 'c', numeric: 'countryCode', name: 'co' } as const;

/** An entry's country values (c, countryCode, co: the first checked value of each), and where each is written. */
export function countryValuesOf(entry: Entry): { values: CountryValues; places: Partial<Record<keyof CountryValues, AttributeValue>> } {
	const values: CountryValues = {};
	const places: Partial<Record<keyof CountryValues, AttributeValue>> = {};
	for (const attribute of entry.attributes) {
		const source = attribute.info.regionSource;
		if (!source) continue;
		const name = countryValueNames[source];
		if (values[name] !== undefined) continue;
		const value = firstChecked(attribute.values);
		if (!value) continue;
		values[name] = value.text;
		places[name] = value;
	}
	return { values, places };
}

