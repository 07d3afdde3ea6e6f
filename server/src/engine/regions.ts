/**
 * Resolving a row's country columns (c, countryCode, co) to the ISO 3166 alpha-2 region that
 * numbers written without a country code are read in.
 */
import metadata from 'libphonenumber-js/metadata.max.json';

/** ISO 3166-1 alpha-2 followed by numeric, for every region libphonenumber-js knows. */
const numericTable =
	'AF004 AL008 DZ012 AS016 AD020 AO024 AI660 AG028 AR032 AM051 AW533 AU036 AT040 AZ031 BS044 BH048 BD050 BB052 BY112 BE056 BZ084 BJ204 BM060 BT064 BO068 BA070 BW072 BR076 IO086 BN096 BG100 BF854 BI108 KH116 CM120 CA124 CV132 KY136 CF140 TD148 CL152 CN156 CX162 CC166 CO170 KM174 CG178 CD180 CK184 CR188 CI384 HR191 CU192 CY196 CZ203 DK208 DJ262 DM212 DO214 EC218 EG818 SV222 GQ226 ER232 EE233 ET231 FK238 FO234 FJ242 FI246 FR250 GF254 PF258 GA266 GM270 GE268 DE276 GH288 GI292 GR300 GL304 GD308 GP312 GU316 GT320 GN324 GW624 GY328 HT332 VA336 HN340 HK344 HU348 IS352 IN356 ID360 IR364 IQ368 IE372 IL376 IT380 JM388 JP392 JO400 KZ398 KE404 KI296 KP408 KR410 KW414 KG417 LA418 LV428 LB422 LS426 LR430 LY434 LI438 LT440 LU442 MO446 MG450 MW454 MY458 MV462 ML466 MT470 MH584 MQ474 MR478 MU480 YT175 MX484 FM583 MD498 MC492 MN496 MS500 MA504 MZ508 MM104 NA516 NR520 NP524 NL528 NC540 NZ554 NI558 NE562 NG566 NU570 NF574 MP580 MK807 NO578 OM512 PK586 PW585 PS275 PA591 PG598 PY600 PE604 PH608 PL616 PT620 PR630 QA634 RE638 RO642 RU643 RW646 SH654 KN659 LC662 PM666 VC670 WS882 SM674 ST678 SA682 SN686 SC690 SL694 SG702 SK703 SI705 SB090 SO706 ZA710 ES724 LK144 SD729 SR740 SJ744 SZ748 SE752 CH756 SY760 TW158 TJ762 TZ834 TH764 TL626 TG768 TK772 TO776 TT780 TN788 TR792 TM795 TC796 TV798 UG800 UA804 AE784 GB826 US840 UY858 UZ860 VU548 VE862 VN704 VG092 VI850 WF876 EH732 YE887 ZM894 ZW716 AX248 BQ535 CW531 GG831 IM833 JE832 ME499 BL652 MF663 RS688 SX534 SS728 XK983';

let byNumeric: Map<number, string> | undefined;
let byName: Map<string, string> | undefined;

/** Names AD admins type in `co` that Intl's English names do not cover. */
const nameAliases: Record<string, string> = {
	'usa': 'US', 'united states of america': 'US', 'uk': 'GB', 'great britain': 'GB', 'england': 'GB',
	'scotland': 'GB', 'wales': 'GB', 'northern ireland': 'GB', 'korea': 'KR', 'republic of korea': 'KR',
	'korea, republic of': 'KR', 'russian federation': 'RU', 'czech republic': 'CZ', 'holland': 'NL',
	'the netherlands': 'NL', 'viet nam': 'VN', 'hong kong sar': 'HK', 'macao sar': 'MO', 'uae': 'AE',
	'türkiye': 'TR', 'turkey': 'TR', 'taiwan, province of china': 'TW',
};

function numericMap(): Map<number, string> {
	if (!byNumeric) {
		byNumeric = new Map();
		for (const item of numericTable.split(' ')) byNumeric.set(Number(item.slice(2)), item.slice(0, 2));
	}
	return byNumeric;
}

function nameMap(): Map<string, string> {
	if (!byName) {
		byName = new Map(Object.entries(nameAliases));
		const english = new Intl.DisplayNames(['en'], { type: 'region' });
		const chinese = new Intl.DisplayNames(['zh-Hans'], { type: 'region' });
		for (const item of numericTable.split(' ')) {
			const code = item.slice(0, 2);
			for (const names of [english, chinese]) {
				const name = names.of(code);
				if (name && name !== code) byName.set(name.toLowerCase(), code);
			}
		}
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

export function regionFromNumeric(value: string): string | undefined {
	const text = value.trim();
	return /^\d{1,3}$/.test(text) ? numericMap().get(Number(text)) : undefined;
}

export function regionFromName(value: string): string | undefined {
	return nameMap().get(value.trim().toLowerCase());
}
