#!/usr/bin/python3
"""The script an admin would write instead of dirlint: check and fix every phone value of a csvde
export by the SSPR rule (+CountryCode Number, one space, no extension) with Google's libphonenumber.

    /usr/bin/python3 bench/python_baseline.py users.csv

Reads the CSV with the csv module, judges telephoneNumber and mobile (SSPR) and otherTelephone and
otherMobile (`a;b` multi-valued), reading numbers without a country code in the row's c, computes
the fixed value and prints how many values got each code. The bench times it against `dirlint check`.
Run with /usr/bin/python3 (Debian's python3-phonenumbers).
"""
import csv
import re
import sys
from collections import Counter

import phonenumbers as pn

PHONE_COLUMNS = {"telephonenumber": False, "mobile": False, "othertelephone": True, "othermobile": True}
IDD = re.compile(r"(011|00)\s*")


def international(value, region):
    """The value with its international prefix written as '+', or None when it has none."""
    text = value.strip()
    if text.startswith("+"):
        return text
    match = IDD.match(text)
    if not match:
        return None
    prefix = match.group(1)
    allowed = region in ("US", "CA") if prefix == "011" else region is None or re.fullmatch(
        pn.PhoneMetadata.metadata_for_region(region).international_prefix, "00")
    return "+" + text[match.end():] if allowed else None


def judge(value, region):
    """(code, fixed value) of one phone value; code None when SSPR can use it as it is."""
    intl = international(value, region)
    try:
        number = pn.parse(intl, None) if intl else pn.parse(value, region)
    except pn.NumberParseException as error:
        if intl is None and region is None and error.error_type == pn.NumberParseException.INVALID_COUNTRY_CODE:
            return "phone.missing-country-code", None
        return "phone.invalid", None
    if not pn.is_valid_number(number):
        return "phone.invalid", None
    canonical = "+%d %s" % (number.country_code, pn.national_significant_number(number))
    if number.extension:
        return "phone.extension", canonical
    if intl is None:
        return "phone.missing-country-code", canonical
    if value != canonical:
        return "phone.format", canonical
    return None, None


def main(path):
    counts = Counter()
    with open(path, newline="", encoding="utf-8-sig") as export:
        for row in csv.DictReader(export):
            region = (row.get("c") or "").strip().upper() or None
            for column, cell in row.items():
                multi_valued = PHONE_COLUMNS.get((column or "").lower())
                if multi_valued is None or not cell:
                    continue
                for value in cell.split(";") if multi_valued else [cell]:
                    if value:
                        code, _fixed = judge(value, region if region in pn.SUPPORTED_REGIONS else None)
                        counts[code or "ok"] += 1
    for code, count in sorted(counts.items()):
        print("%s %d" % (code, count))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 bench/python_baseline.py FILE.csv")
    main(sys.argv[1])
