"""One-off derivation of db/seed/0003-currency-shares.csv from ../shared/data/settlement-currencies-ru.csv (provenance).

Rules: scope -> counterpart (WLD all partners, ASIA the Bank of Russia's Asia region, CN); currency
wording -> ISO 4217 or a documented group (USD_EUR 'toxic'/unfriendly, FRIENDLY, OTH other friendly,
RUB_FRIENDLY, RUB_CNY); qualifier wording -> above / below / at-most / about; official statements are
kind=statement with who said it and the words used; the undated statement is not shipped ("do not ship
without a date"). Periods keep the source's reference month; the wording of the period is kept in the note.
Run: python3 db/seed/derive/derive_currency_shares.py ../shared/data > db/seed/0003-currency-shares.csv
"""
import csv, sys
from common import SourceIds, published

SHARED = sys.argv[1]
COLUMNS = ["country", "counterpart", "direction", "period", "currency", "sharePct", "qualifier", "kind", "statedBy",
           "statedAs", "citedBody", "confidence", "note", "sourceId", "sourcePublisher", "sourceTitle", "sourceUrl",
           "sourcePublished", "sourceKind"]
SCOPES = {"Russia all partners": "WLD", "Russia-Asia (CBR regional)": "ASIA", "Russia-China bilateral": "CN"}
CURRENCIES = {"USD": "USD", "RUB": "RUB", "CNY": "CNY",
              "toxic (USD+EUR, unfriendly)": "USD_EUR", "toxic (USD+EUR)": "USD_EUR", "toxic (unfriendly)": "USD_EUR",
              "unfriendly currencies": "USD_EUR", "friendly currencies": "FRIENDLY", "other friendly currencies": "OTH",
              "RUB + friendly currencies": "RUB_FRIENDLY", "RUB + CNY (national currencies)": "RUB_CNY"}
QUALIFIERS = {"": "", "not more than": "at-most", "more than": "above", "less than": "below", "about": "about",
              "practically": "about", "two thirds": ""}
PERIODS = {"2022-01 (start of 2022)": "2022-01", "2022-12 (end 2022 / start 2023)": "2022-12",
           "2024-01 (latest data, per governor)": "2024-01", "2024 (full year)": "2024", "2025 (full year)": "2025",
           "2020 Jan-Sep": "2020-01..2020-09", "2022 (~Apr, 'a year ago')": "2022-04"}


source_id = SourceIds()

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(COLUMNS)
described = set()
for r in csv.DictReader(open(f"{SHARED}/settlement-currencies-ru.csv", encoding="utf-8")):
    if r["published"] == "unknown":
        continue  # undated statement: "do not ship without a date"
    statement = r["data_origin"] == "Official statement"
    direction = {"exports": "exports", "imports": "imports", "all settlements": "all",
                 "exports (goods and services)": "exports"}[r["flow"]]
    per = PERIODS.get(r["period"], r["period"])
    note = r["note"]
    extra = []
    if r["period"] != per: extra.append(f"Period as stated: '{r['period']}'.")
    if r["flow"] == "exports (goods and services)": extra.append("Exports of goods and services.")
    if r["currency"] not in ("USD", "RUB", "CNY"): extra.append(f"Currency group as stated: '{r['currency']}'.")
    note = " ".join(extra + ([note] if note else []))
    pub = published(r["published"])
    sid = source_id(r["source_url"], pub)
    src = ["", "", "", "", ""] if sid in described else [r["source_name"], "", r["source_url"], pub, "news"]
    described.add(sid)
    stated_as = ""
    if statement:
        stated_as = r["qualifier"] if r["qualifier"] == "two thirds" else " ".join(x for x in [r["qualifier"], r["share_pct"] + "%" if r["share_pct"] else ""] if x)
    out.writerow(["RU", SCOPES[r["scope"]], direction, per, CURRENCIES[r["currency"]], r["share_pct"],
                  QUALIFIERS[r["qualifier"]], "statement" if statement else "statistic",
                  r["statement_by"], stated_as, r["data_origin"],
                  "weak" if "weak" in r["confidence"] else "reported", note, sid] + src)
