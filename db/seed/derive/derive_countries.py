"""Writes db/migrations/sqlite/0005_countries.sql (postgresql/0005_countries.sql holds the same INSERT): the ISO 3166-1 code table TradeApi validates country codes against.

Source: Debian's iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json), which follows the
ISO 3166 Maintenance Agency's list. Names are the common name where iso-codes gives one, else the
ISO short name. Aggregates that are not countries are added by hand below, each documented.

Usage: python3 db/seed/derive/derive_countries.py [path/to/iso_3166-1.json] > db/migrations/sqlite/0005_countries.sql
"""
import json
import sys

AGGREGATES = [
    ("WLD", "WLD", "World", "All partners together: a reporter's trade with the whole world."),
]


def sql(text):
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_3166-1.json"
    with open(path, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    rows = [(c["alpha_2"], c["alpha_3"], c.get("common_name", c["name"]), "country", None)
            for c in sorted(countries, key=lambda c: c["alpha_2"])]
    rows += [(code, alpha3, name, "aggregate", description) for code, alpha3, name, description in AGGREGATES]
    out = sys.stdout
    out.write("-- ISO 3166-1 countries and the documented aggregates (WLD), the code table that country\n")
    out.write("-- dimensions (trade reporter and partner) are validated against. Input takes alpha-2 or alpha-3 in\n")
    out.write("-- any case; answers are always `code` (alpha-2, or the aggregate's code).\n")
    out.write("-- Written by db/seed/derive/derive_countries.py from Debian's iso-codes (iso_3166-1.json); do not edit by hand.\n")
    out.write("CREATE TABLE countries (\n")
    out.write("    code        TEXT PRIMARY KEY,      -- ISO 3166-1 alpha-2, or an aggregate code such as WLD\n")
    out.write("    alpha3      TEXT NOT NULL UNIQUE,\n")
    out.write("    name        TEXT NOT NULL,\n")
    out.write("    kind        TEXT NOT NULL CHECK (kind IN ('country', 'aggregate')),\n")
    out.write("    description TEXT\n")
    out.write(");\n\n")
    out.write("INSERT INTO countries (code, alpha3, name, kind, description) VALUES\n")
    out.write(",\n".join(f"({sql(a2)}, {sql(a3)}, {sql(name)}, {sql(kind)}, {sql(desc)})" for a2, a3, name, kind, desc in rows))
    out.write(";\n")


if __name__ == "__main__":
    main()
