"""One-off derivation of db/seed/0001-trade.csv from ../shared/data/trade-cn-ru.csv.

Kept for provenance: it shows exactly how each published figure became a seed row.
Rules: billions -> units by exact decimal arithmetic (no rounding); one long row per
flow that has a value or a published change; Russian-customs rows are reporter RU;
yuan-basis levels are taken only where the row's own source states them (its note);
the CEPA article's figures (shared/data/seed-article-cepa-2025-05.txt) are added as
their own source. Run: python3 db/seed/derive/derive_trade.py ../shared/data > db/seed/0001-trade.csv
"""
import csv, sys
from decimal import Decimal
from common import SourceIds, published

SHARED = sys.argv[1]
COLUMNS = ["reporter", "partner", "flow", "period", "value", "unit", "yoyChangePct",
           "citedBody", "confidence", "note", "sourceId", "sourcePublisher", "sourceTitle",
           "sourceUrl", "sourcePublished", "sourceKind"]

def units(bn):
    if bn == "":
        return ""
    v = Decimal(bn) * Decimal(1_000_000_000)
    assert v == v.to_integral_value(), bn
    return str(int(v))


def confidence(text):
    t = text.lower()
    if t.startswith("disputed"):
        return "disputed"
    if "weak" in t:
        return "weak"
    assert t.startswith("reported"), text
    return "reported"

def period(kind, start, end):
    if kind == "annual":
        assert start == end
        return start
    if kind == "month":
        assert start == end
        return start
    assert kind == "ytd" and start.endswith("-01") and start[:4] == end[:4], (kind, start, end)
    return f"{start}..{end}"

source_id = SourceIds()

# Yuan-basis levels stated in the note of the same row (same source).
CNY_LEVELS = {("annual", "2022"): "1280000000000", ("annual", "2024"): "1740000000000",
              ("annual", "2025"): "1630000000000", ("ytd", "2025-01"): "510600000000"}

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(COLUMNS)
first_publisher = {}
for r in csv.DictReader(open(f"{SHARED}/trade-cn-ru.csv", encoding="utf-8")):
    pub = published(r["published"])
    sid = source_id(r["source_url"], pub)
    publisher = first_publisher.setdefault(sid, r["source_name"])
    reporter, partner = ("RU", "CN") if "Russian Federal Customs" in r["data_origin"] else ("CN", "RU")
    per = period(r["period_type"], r["period_start"], r["period_end"])
    unit = r["basis"]
    flows = [("total", r["total_usd_bn"], r["total_yoy_pct"]),
             ("export", r["cn_exports_to_ru_usd_bn"], r["cn_exports_yoy_pct"]),
             ("import", r["cn_imports_from_ru_usd_bn"], r["cn_imports_yoy_pct"])]
    for flow, bn, yoy in flows:
        value = units(bn)
        if unit == "CNY":
            assert bn == ""
            value = CNY_LEVELS.get((r["period_type"], r["period_start"]), "") if flow == "total" else ""
        if value == "" and yoy == "":
            continue
        out.writerow([reporter, partner, flow, per, value, unit, yoy, r["data_origin"],
                      confidence(r["confidence"]), r["note"], sid, publisher, "",
                      r["source_url"], pub, "news"])

CEPA = ["cepa-europes-edge-2025-05", "Center for European Policy Analysis (CEPA), Europe's Edge (Alexander Kolyandr)", "",
        "", "2025-05~", "analysis"]
CEPA_NOTE = ("CEPA article (May 2025), stored in shared/data/seed-article-cepa-2025-05.txt; original URL not recorded. ")
for flow, per, value, yoy, note in [
    ("total", "2024", "240000000000", "1.9", "States '$240bn, up 1.9%'. GACC's 2024 total is $244.81bn (+1.9%); $240.1bn is the 2023 total."),
    ("total", "2025-01..2025-04", "71100000000", "-7.5", "'fell 7.5% ... to $71.1bn, according to Chinese customs data'."),
    ("export", "2025-01..2025-04", "30800000000", "-5.3", "'Chinese exports to Russia are down 5.3% (to $30.8bn)'."),
    ("import", "2025-01..2025-04", "40300000000", "-9.1", "'Russian deliveries to China are down 9.1% ($40.3bn)'."),
]:
    out.writerow(["CN", "RU", flow, per, value, "USD", yoy, "GACC (China customs), as stated by CEPA",
                  "reported", CEPA_NOTE + note] + CEPA)
