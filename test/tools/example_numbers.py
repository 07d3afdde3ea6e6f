#!/usr/bin/python3
"""Writes test/fixtures/exampleNumbers.json: Google's libphonenumber (python `phonenumbers`) example number of
every type for every region and non-geographic calling code, as `+CC NSN`. libphonenumber-js ships an
example for the mobile type only; test/unit/numberType.test.ts needs one of each type.
    /usr/bin/python3 test/tools/example_numbers.py
"""
import json
from pathlib import Path

import phonenumbers as pn
from phonenumbers import PhoneNumberType as T

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "exampleNumbers.json"
TYPES = {
    "FIXED_LINE": T.FIXED_LINE, "MOBILE": T.MOBILE, "TOLL_FREE": T.TOLL_FREE, "PREMIUM_RATE": T.PREMIUM_RATE,
    "SHARED_COST": T.SHARED_COST, "VOIP": T.VOIP, "PERSONAL_NUMBER": T.PERSONAL_NUMBER, "PAGER": T.PAGER,
    "UAN": T.UAN, "VOICEMAIL": T.VOICEMAIL,
}


def canonical(number):
    return "+%d %s" % (number.country_code, pn.national_significant_number(number))


def main():
    examples = {}
    for region in sorted(pn.SUPPORTED_REGIONS):
        of_region = {}
        for name, kind in TYPES.items():
            number = pn.example_number_for_type(region, kind)
            if number is not None:
                of_region[name] = canonical(number)
        examples[region] = of_region
    for code in sorted(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        metadata = pn.PhoneMetadata.metadata_for_nongeo_region(code)
        of_code = {}
        for name in TYPES:
            description = getattr(metadata, name.lower(), None)
            if description is not None and description.example_number:
                of_code[name] = "+%d %s" % (code, description.example_number)
        examples[str(code)] = of_code
    OUT.write_text(json.dumps(examples, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print("%d regions and codes, %d numbers" % (len(examples), sum(len(v) for v in examples.values())))


if __name__ == "__main__":
    main()
