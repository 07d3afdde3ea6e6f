#!/usr/bin/python3
"""Independent check of test/fixtures/phones.json with Google's libphonenumber (python `phonenumbers`).

Recomputes the expected {code, fixed} of every row from the SSPR phone rule and exits 1 on any
mismatch. Run with /usr/bin/python3 (Debian's python3-phonenumbers); a pyenv python3 may lack it.
    /usr/bin/python3 test/tools/check_phone_table.py [table.json]
"""
import json
import re
import sys
import unicodedata
from pathlib import Path

import phonenumbers as pn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from python_baseline import international, judge  # noqa: E402  the one Python statement of the rule

TABLE = Path(__file__).resolve().parent.parent / "fixtures" / "phones.json"
CODES = {None, "phone.invalid", "phone.extension", "phone.missing-country-code", "phone.format"}
EXT_SUFFIX = re.compile(r"(?:;ext=|ext(?:ension|n)?\.?|x|#)\s*\d+\s*$", re.I)  # markers may hold letters
LETTER = re.compile(r"[^\W\d_]")  # any Unicode letter
MIN_ROWS, MIN_COUNTRIES = 170, 28


# The rule's readings (docs/design.md, "Phone judging"): a fullwidth plus is a plus, the digits libphonenumber-js
# knows are digits, every Unicode space is a space; a label before a number is dropped.
OTHER_DIGITS = {base + i: str(i) for base in (0xFF10, 0x0660, 0x06F0) for i in range(10)}
WORD = r"[^\W\d_](?:[^\W\d_]|['\u2019&/.\-])*"
LABEL = re.compile(r"^(%s(?: %s)*?)(\s*[:\uff1a]\s*|\s+|(?<=\.))([+\uff0b(\uff08\uff3b0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9].*)$"
                   % (WORD, WORD), re.S)
EXT_LABEL = re.compile(r"^(?:e?xt(?:ensi(?:o\u0301?|\u00f3))?n?|\uff45?\uff58\uff54\uff4e?|\u0434\u043e\u0431|anexo|[x\uff58]|int|\uff49\uff4e\uff54)\.?$", re.I)


def readable(text):
    text = text.replace("\uff0b", "+").translate(OTHER_DIGITS)
    return "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text)


def strict(value, region):
    """(code, fixed) for one directory value: the rule as bench/python_baseline.py applies it, made strict
    (only the number and an extension may be in the value), on the value as the rule reads it."""
    text = readable(value)
    if LETTER.search(EXT_SUFFIX.sub("", text)):
        return "phone.invalid", None
    # The table's values are office numbers: one code at most (phone.not-mobile is for mobile only).
    codes, fixed = judge(text, region, False)
    code = codes[0] if codes else None
    if code is None and text != value:
        return "phone.format", text.strip()
    return code, fixed


def verdict(value, region):
    """(code, fixed) of a value; one that is not a number but a label and a number is judged by its number,
    and is phone.format, since the fix drops the label (phone.extension for an extension; no fix without a region)."""
    code, fixed = strict(value, region)
    label = LABEL.match(value.strip())
    if code != "phone.invalid" or not label or EXT_LABEL.match(label.group(1)):
        return code, fixed
    if " " in label.group(1) and not re.search("[:\uff1a]", label.group(2)):
        return code, fixed  # words without a colon are a sentence, not a label
    number_code, number_fixed = strict(label.group(3), region)
    if number_code == "phone.invalid":
        return code, fixed
    if number_code is None:  # the number alone is already in the SSPR form
        return "phone.format", readable(label.group(3)).strip()
    # The fix drops the label: phone.format, but for an extension, or a national number with no region (no fix).
    if number_code == "phone.extension" or number_fixed is None:
        return number_code, number_fixed
    return "phone.format", number_fixed


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
