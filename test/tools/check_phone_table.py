#!/usr/bin/python3
"""Independent check of test/fixtures/phones.json with Google's libphonenumber (python `phonenumbers`).

Recomputes the expected {code, fixed} of every row from the SSPR phone rule and exits 1 on any
mismatch. Run with /usr/bin/python3 (Debian's python3-phonenumbers); a pyenv python3 may lack it.
    /usr/bin/python3 test/tools/check_phone_table.py [table.json]
"""
import json
import re
import sys
from pathlib import Path

import phonenumbers as pn

TABLE = Path(__file__).resolve().parent.parent / "fixtures" / "phones.json"
CODES = {None, "phone.invalid", "phone.extension", "phone.missing-country-code", "phone.format"}
EXT_SUFFIX = re.compile(r"(?:;ext=|ext(?:ension|n)?\.?|x|#)\s*\d+\s*$", re.I)  # markers may hold letters
LETTER = re.compile(r"[^\W\d_]")  # any Unicode letter
MIN_ROWS, MIN_COUNTRIES = 170, 28


def international(value, region):
    """The value with its international prefix written as '+', or None if it has no such prefix.

    '+' always counts; '00' counts when region is None or the region's international prefix is 00;
    '011' counts only for the NANP regions US and CA.
    """
    s = value.strip()
    if s.startswith("+"):
        return s
    m = re.match(r"(011|00)\s*", s)
    if not m:
        return None
    if m.group(1) == "011":
        ok = region in ("US", "CA")
    else:
        ok = region is None or re.fullmatch(pn.PhoneMetadata.metadata_for_region(region).international_prefix, "00")
    return "+" + s[m.end():] if ok else None


def verdict(value, region):
    """(code, fixed) for one directory value, following the rule in the order of its clauses."""
    if LETTER.search(EXT_SUFFIX.sub("", value)):
        return "phone.invalid", None  # strict: only the number (and an extension) may be there
    intl = international(value, region)
    try:
        p = pn.parse(intl, None) if intl else pn.parse(value, region)
    except pn.NumberParseException as e:
        if intl is None and region is None and e.error_type == pn.NumberParseException.INVALID_COUNTRY_CODE:
            return "phone.missing-country-code", None  # looks like a national number, country unknown
        return "phone.invalid", None
    if not pn.is_valid_number(p):
        return "phone.invalid", None
    canonical = "+%d %s" % (p.country_code, pn.national_significant_number(p))
    if p.extension:
        return "phone.extension", canonical
    if intl is None:
        return "phone.missing-country-code", canonical
    if value != canonical:
        return "phone.format", canonical
    return None, None


def parsed_region(value, region):
    try:
        intl = international(value, region)
        return pn.region_code_for_number(pn.parse(intl, None) if intl else pn.parse(value, region))
    except pn.NumberParseException:
        return None


def main(path):
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    mismatches, regions, seen = 0, set(), set()
    for i, row in enumerate(rows):
        problems = []
        if set(row) != {"input", "region", "code", "fixed", "note"}:
            problems.append("keys %s" % sorted(row))
        if row.get("code") not in CODES:
            problems.append("unknown code %r" % row.get("code"))
        if row.get("region") is not None and row["region"] not in pn.SUPPORTED_REGIONS:
            problems.append("unknown region %r" % row["region"])
        if (row.get("input"), row.get("region")) in seen:
            problems.append("duplicate row")
        seen.add((row.get("input"), row.get("region")))
        if not problems:
            code, fixed = verdict(row["input"], row["region"])
            if (code, fixed) != (row["code"], row["fixed"]):
                problems.append("expected code=%r fixed=%r, phonenumbers says code=%r fixed=%r"
                                % (row["code"], row["fixed"], code, fixed))
            regions.add(parsed_region(row["input"], row["region"]))
        if problems:
            mismatches += 1
            print("row %d %s: %s" % (i, json.dumps(row.get("input")), "; ".join(problems)))
    regions.discard(None)
    print("phones: %d rows, %d countries, %d mismatches (phonenumbers %s)"
          % (len(rows), len(regions), mismatches, pn.__version__))
    if len(rows) < MIN_ROWS or len(regions) < MIN_COUNTRIES:
        print("table too small: need >= %d rows and >= %d countries" % (MIN_ROWS, MIN_COUNTRIES))
        return 1
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else TABLE))
