"""One-off derivation of db/seed/0002-brand-shares.csv from ../shared/data/car-brands-ru.csv (provenance).

Rules: periods 'full year' -> 2023, 'H1' -> 2023-H1, month names -> 2025-05; market totals and the
'Chinese brands (all)' aggregate become brand ALL (origin empty = the whole market); origin is the
brand owner's country as the source states it, with the platform's country where the data documents
a different one (Tenet: Chery, Belgee: Geely); rows without a figure are not shipped; the October 2025
monthly shares are taken from that row's note (same source). No number is rounded or filled in.
Run: python3 db/seed/derive/derive_brand_shares.py ../shared/data > db/seed/0002-brand-shares.csv
"""
import csv, sys
from common import SourceIds, published

SHARED = sys.argv[1]
COLUMNS = ["market", "segment", "period", "brand", "origin", "platformOrigin", "units", "sharePct", "rank", "topTen",
           "yoyChangePct", "citedBody", "confidence", "note", "sourceId", "sourcePublisher", "sourceTitle",
           "sourceUrl", "sourcePublished", "sourceKind"]
COUNTRIES = {"Russia": "RU", "China": "CN", "Japan": "JP", "Belarus": "BY", "": ""}
MONTHS = {m: i + 1 for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"])}
PLATFORM = {"Tenet": "CN", "Belgee": "CN"}

def period(year, text):
    if text == "full year": return year
    if text in ("H1", "H2"): return f"{year}-{text}"
    return f"{year}-{MONTHS[text]:02d}"


source_id = SourceIds()

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(COLUMNS)
described = set()
def write(r, brand, origin, units, share, rank, top, yoy, confidence, note):
    pub = published(r["published"])
    sid = source_id(r["source_url"], pub)
    src = ["", "", "", "", ""] if sid in described else [r["source_name"], "", r["source_url"], pub, "news"]
    described.add(sid)
    out.writerow(["RU", "new-cars", period(r["year"], r["period"]), brand, origin, PLATFORM.get(brand, ""), units, share,
                  rank, top, yoy, r["data_provider"], confidence, note, sid] + src)

for r in csv.DictReader(open(f"{SHARED}/car-brands-ru.csv", encoding="utf-8")):
    brand, note = r["brand"], r["note"]
    confidence = "reported"
    if brand.startswith("TOTAL"):
        brand, origin = "ALL", ""
    elif brand == "Chinese brands (all)":
        brand, origin, confidence = "ALL", "CN", "weak"   # news-pravda: a weak outlet (SOURCES.md)
    elif brand == "Lada / Haval / Geely":
        # Monthly shares stated in the note by Autostat's CEO (same source): Lada 20%, Haval 16%, Geely 9%.
        for b, o, s in [("Lada", "RU", "20"), ("Haval", "CN", "16"), ("Geely", "CN", "9")]:
            write(r, b, o, "", s, "", "", "", "reported", note)
        continue
    elif "/" in brand:
        continue  # 2024 list of Chinese brands with no figures: "Do not ship as ranked data"
    else:
        origin = COUNTRIES[r["origin_country"]]
    rank = r["rank"] if r["rank"].isdigit() else ""
    top = "true" if (rank and int(rank) <= 10) or r["rank"].startswith("top-10") else ""
    if not (r["units"] or r["market_share_pct"] or r["yoy_pct"]):
        continue
    write(r, brand, origin, r["units"], r["market_share_pct"], rank, top, r["yoy_pct"], confidence, note)
