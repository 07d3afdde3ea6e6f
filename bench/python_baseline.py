#!/usr/bin/python3
"""The script an admin would write instead of dirlint, for the same job as its default check: the
phone values of csvde exports by the SSPR rule (+CountryCode Number, one space, no extension) with
Google's libphonenumber, fixed-line numbers in mobile (no SMS), and duplicate addresses across every
file given, as Entra ID compares them.

    /usr/bin/python3 bench/python_baseline.py users.csv [more.csv ...]

Reads each CSV with the csv module. Phones: telephoneNumber and mobile (SSPR) and otherTelephone and
otherMobile (`a;b` multi-valued), reading numbers without a country code in the row's c; computes the
fixed value; a valid number in mobile whose type is FIXED_LINE is also phone.not-mobile. Duplicates: one
dict over all the files of every value that must be unique, lower-cased, in its namespace (userPrincipalName,
mail and SMTP proxy addresses together; other proxy types each apart; targetAddress; mailNickname); a
key two rows hold is a duplicate, and every holder is counted. Prints how many values got each code.
The bench times it against `dirlint check` on the same files. Run with /usr/bin/python3 (Debian's
python3-phonenumbers). It does not do IdFix's per-value checks (characters, lengths, domains).
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


def judge(value, region, mobile):
    """(codes, fixed value) of one phone value; no codes when SSPR can use it as it is."""
    intl = international(value, region)
    try:
        number = pn.parse(intl, None) if intl else pn.parse(value, region)
    except pn.NumberParseException as error:
        if intl is None and region is None and error.error_type == pn.NumberParseException.INVALID_COUNTRY_CODE:
            return ["phone.missing-country-code"], None
        return ["phone.invalid"], None
    if not pn.is_valid_number(number):
        return ["phone.invalid"], None
    canonical = "+%d %s" % (number.country_code, pn.national_significant_number(number))
    codes = []
    if number.extension:
        codes.append("phone.extension")
    elif intl is None:
        codes.append("phone.missing-country-code")
    elif value != canonical:
        codes.append("phone.format")
    if mobile and pn.number_type(number) == pn.PhoneNumberType.FIXED_LINE:
        codes.append("phone.not-mobile")
    return codes, canonical if codes else None


def unique_keys(row):
    """The (namespace, key) pairs of a row's values that must be unique across objects, each once."""
    keys = set()
    for column in ("userPrincipalName", "mail"):
        value = (row.get(column) or "").strip()
        if value:
            keys.add(("address", value.lower()))
    for proxy in (row.get("proxyAddresses") or "").split(";"):
        colon = proxy.find(":")
        if colon <= 0:
            if proxy.strip():
                keys.add(("proxy:", proxy.lower()))
            continue
        kind = proxy[:colon].lower()
        keys.add(("address" if kind == "smtp" else "proxy:" + kind, proxy[colon + 1:].lower()))
    for column in ("targetAddress", "mailNickname"):
        value = (row.get(column) or "").strip()
        if value:
            keys.add((column, value.lower()))
    return keys


def main(paths):
    counts = Counter()
    first_holder = {}
    holders = Counter()
    row_number = 0
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as export:
            for row in csv.DictReader(export):
                row_number += 1
                region = (row.get("c") or "").strip().upper() or None
                region = region if region in pn.SUPPORTED_REGIONS else None
                for column, cell in row.items():
                    multi_valued = PHONE_COLUMNS.get((column or "").lower())
                    if multi_valued is None or not cell:
                        continue
                    for value in cell.split(";") if multi_valued else [cell]:
                        if value:
                            codes, _fixed = judge(value, region, column.lower() == "mobile")
                            counts.update(codes or ["ok"])
                for key in unique_keys(row):
                    holder = first_holder.setdefault(key, row_number)
                    if holder != row_number:
                        holders[key] += 1
    # A duplicate key's holders: the first one and every later one.
    counts["sync.duplicate"] = sum(holders.values()) + len(holders)
    for code, count in sorted(counts.items()):
        print("%s %d" % (code, count))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: /usr/bin/python3 bench/python_baseline.py FILE.csv [FILE.csv ...]")
    main(sys.argv[1:])
