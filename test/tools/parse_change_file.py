#!/usr/bin/python3
"""Reads LDIF change files with python-ldap's ldif module (Debian python3-ldap), an independent
RFC 2849 reader, and prints what it read as JSON: one list per file of
{"dn": ..., "changes": [{"operation": "add"|"delete"|"replace", "attribute": ..., "values": [...]}]}.
Values and DNs are decoded as UTF-8, strictly; a file python-ldap cannot read makes this exit 1.

    /usr/bin/python3 test/tools/parse_change_file.py CHANGES.ldf...

test/unit/ldifWriter.fuzz.test.ts compares the result with what it wrote.
"""
import json
import sys

import ldif


class ChangeRecords(ldif.LDIFParser):
    def __init__(self, input_file):
        super().__init__(input_file)
        self.records = []

    def handle_modify(self, dn, modops, controls=None):
        changes = []
        for operation, attribute, values in modops:
            changes.append({
                'operation': ldif.MOD_OP_STR[operation],
                'attribute': attribute,
                'values': [value.decode('utf-8', 'strict') for value in values or []],
            })
        self.records.append({'dn': dn, 'changes': changes})


def read(path):
    with open(path, 'rb') as input_file:
        parser = ChangeRecords(input_file)
        parser.parse_change_records()
    return {'version': parser.version, 'records': parser.records}


if __name__ == '__main__':
    json.dump([read(path) for path in sys.argv[1:]], sys.stdout)
