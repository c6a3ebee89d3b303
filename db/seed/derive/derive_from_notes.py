"""Derivation of seed releases 4-6 (issue 8): figures the first releases kept only in notes, and corrections.

Nothing in releases 1-3 is edited: this release revises a figure (same key and source, new values), withdraws one,
or adds one. Every number below is quoted from ../shared/data, and the script checks that the quoted words are there
(EVIDENCE: the note of the source's own row, SOURCES.md, or the CEPA article), so a figure cannot drift from its source.
Figures in notes without a URL or a publication date, or whose labels the data itself doubts, are left out (see the
README's "Where the figures come from" and LEFT_OUT below).
Run: python3 db/seed/derive/derive_from_notes.py ../shared/data trade > db/seed/0004-trade-from-notes.csv
     python3 db/seed/derive/derive_from_notes.py ../shared/data brand-shares > db/seed/0005-brand-shares-from-notes.csv
     python3 db/seed/derive/derive_from_notes.py ../shared/data currency-shares > db/seed/0006-currency-shares-from-notes.csv
"""
import csv, os, sys
from decimal import Decimal

SHARED, DATASET = sys.argv[1], sys.argv[2]
SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCE_COLUMNS = ["sourceId", "sourcePublisher", "sourceTitle", "sourceUrl", "sourcePublished", "sourceKind"]

def text(name):
    return open(os.path.join(SHARED, name), encoding="utf-8").read()

FILES = {"trade": text("trade-cn-ru.csv"), "brands": text("car-brands-ru.csv"),
         "currencies": text("settlement-currencies-ru.csv"), "sources": text("SOURCES.md"),
         "cepa": text("seed-article-cepa-2025-05.txt")}

def evidence(where, quote):
    assert quote in FILES[where], f"not in {where}: {quote}"
    return quote

def units(bn):
    v = Decimal(bn) * Decimal(1_000_000_000)
    assert v == v.to_integral_value(), bn
    return str(int(v))

# New sources: every field read from ../shared/data (the URL in SOURCES.md or a note, the date as stated there).
NEW_SOURCES = {
    "hxen-com-2012-04-06": ("Xinhua (copy on m.hxen.com)", "http://m.hxen.com/englishnews/nation/2012-04-07/175821.html", "2012-04-06", "news",
                            evidence("sources", "Xinhua http://m.hxen.com/englishnews/nation/2012-04-07/175821.html")),
    "ecns-cn-2016-02-02": ("ecns.cn", "http://ecns.cn/business/2016/02-02/198033.shtml", "2016-02-02", "news",
                           evidence("sources", "growth confirmed by http://ecns.cn/business/2016/02-02/198033.shtml")),
    # The date is the one in the page's address (RIA's URLs carry their publication date).
    "ria-ru-2025-08-29": ("RIA Novosti (ria.ru)", "https://ria.ru/20250829/tovarooborot-2038225464.html", "2025-08-29", "news",
                          evidence("sources", "RIA https://ria.ru/20250829/tovarooborot-2038225464.html")),
    "cepa-org-2025-05": ("Center for European Policy Analysis (CEPA), Europe's Edge (Alexander Kolyandr)",
                         "https://cepa.org/article/china-thanks-gas-station-manager-putin", "2025-05~", "analysis",
                         evidence("sources", "https://cepa.org/article/china-thanks-gas-station-manager-putin")),
}

def seed_rows(name):
    return list(csv.DictReader(open(os.path.join(SEED, name), encoding="utf-8")))

def cited_ids(name):
    return {r["sourceId"] for r in seed_rows(name)}

def with_source(row, sid, described):
    """The source columns: described on the first row citing a new source, empty for one the database has."""
    if sid in NEW_SOURCES and sid not in described:
        described.add(sid)
        publisher, url, pub, kind, _ = NEW_SOURCES[sid]
        return {**row, "sourceId": sid, "sourcePublisher": publisher, "sourceTitle": "", "sourceUrl": url, "sourcePublished": pub, "sourceKind": kind}
    return {**row, "sourceId": sid, "sourcePublisher": "", "sourceTitle": "", "sourceUrl": "", "sourcePublished": "", "sourceKind": ""}

def write(columns, rows, known_ids):
    out = csv.DictWriter(sys.stdout, columns, lineterminator="\n")
    out.writeheader()
    described = set()
    for row in rows:
        sid = row.pop("sourceId")
        assert sid in known_ids or sid in NEW_SOURCES, sid
        out.writerow({c: "" for c in columns} | with_source(row, sid, described))

def revise(rows, match, change, what):
    """A revision of a figure of an earlier seed release: its row as it was, with the changed cells (what: why, with the
    quote the note already holds, checked by evidence())."""
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, match
    row = {k: v for k, v in found[0].items() if k not in SOURCE_COLUMNS or k == "sourceId"}
    return {**row, **change, "note": (row["note"] + " " if row["note"] else "") + f"Revised (issue 8): {what.split(', ')[0]}."}


def trade():
    old = seed_rows("0001-trade.csv")
    columns = ["reporter", "partner", "flow", "period", "value", "unit", "qualifier", "yoyChangePct", "citedBody", "confidence",
               "note", "action"] + SOURCE_COLUMNS
    rows = []
    # Approximations served as exact, and published changes left in a note of the same row.
    rows.append(revise(old, {"flow": "total", "period": "2021-01..2021-06", "sourceId": "medichub-net-2021-07-13"},
                       {"qualifier": "about"}, "qualifier 'about' from the source's words, " + evidence("trade", "Total given as 'about $63bn'.")))
    rows.append(revise(old, {"flow": "total", "period": "2025-06", "sourceId": "themoscowtimes-com-2025-07-14"},
                       {"qualifier": "about"}, "qualifier 'about' from the source's words, " + evidence("trade", "Total 'around $17.6bn'.")))
    rows.append(revise(old, {"flow": "export", "period": "2025-06", "sourceId": "themoscowtimes-com-2025-07-14"},
                       {"yoyChangePct": "2.2"}, "the published change, " + evidence("trade", "CN exports +2.2% y/y")))
    rows.append(revise(old, {"flow": "import", "period": "2025-06", "sourceId": "themoscowtimes-com-2025-07-14"},
                       {"yoyChangePct": "-2.9"}, "the published change, " + evidence("trade", "imports -2.9% y/y")))

    # The CEPA article gets its URL (a new source id: a source is never rewritten), and its 2024 figure the body it
    # names: none.
    cepa = [r for r in old if r["sourceId"] == "cepa-europes-edge-2025-05"]
    assert len(cepa) == 4
    for r in cepa:
        rows.append({k: r[k] for k in ("reporter", "partner", "flow", "period", "unit")} | {"action": "withdraw", "sourceId": r["sourceId"],
                    "note": "Withdrawn: re-published under cepa-org-2025-05, the same article with its URL."})
    cepa_note = "CEPA article (May 2025), https://cepa.org/article/china-thanks-gas-station-manager-putin (text in shared/data/seed-article-cepa-2025-05.txt). "
    for flow, per, bn, yoy, body, confidence, quote in [
        ("total", "2024", "240", "1.9", "none named (the article's own figure)", "weak", evidence("cepa", "up 1.9% to $240bn")),
        ("total", "2025-01..2025-04", "71.1", "-7.5", "GACC (China customs), as stated by CEPA", "reported",
         evidence("cepa", "fell 7.5% from the past year to $71.1bn, according to Chinese customs data")),
        ("export", "2025-01..2025-04", "30.8", "-5.3", "GACC (China customs), as stated by CEPA", "reported",
         evidence("cepa", "Chinese exports to Russia are down 5.3.% (to $30.8bn)")),
        ("import", "2025-01..2025-04", "40.3", "-9.1", "GACC (China customs), as stated by CEPA", "reported",
         evidence("cepa", "Russian deliveries to China are down 9.1% ($40.3bn)")),
    ]:
        extra = (" The article names Chinese customs only for the January–April 2025 figures; GACC's 2024 total is $244.81bn (+1.9%), "
                 "and $240.1bn is the 2023 total, so '$240bn, up 1.9%' does not add up.") if per == "2024" else ""
        rows.append({"reporter": "CN", "partner": "RU", "flow": flow, "period": per, "value": units(bn), "unit": "USD", "yoyChangePct": yoy,
                     "citedBody": body, "confidence": confidence, "note": cepa_note + f"'{quote}'." + extra, "sourceId": "cepa-org-2025-05"})

    gacc = "GACC (China customs)"
    def figure(flow, per, bn, yoy, sid, quote, body=gacc, confidence="reported", unit="USD", reporter="CN", partner="RU", qualifier="", value=None):
        rows.append({"reporter": reporter, "partner": partner, "flow": flow, "period": per, "value": value if value is not None else (units(bn) if bn else ""),
                     "unit": unit, "qualifier": qualifier, "yoyChangePct": yoy, "citedBody": body, "confidence": confidence,
                     "note": f"From the compiled note on this source: '{quote}'.", "sourceId": sid})

    q = evidence("trade", "'record high of 80 billion dollars' in Xinhua 2012-04-06")
    figure("total", "2011", "80", "", "hxen-com-2012-04-06", q, body="unspecified (Xinhua; rounded)", confidence="weak")
    figure("total", "2015", "", "-27.8", "ecns-cn-2016-02-02", evidence("trade", "-27.8% confirmed by ecns.cn (2016-02-02, GACC)"))
    q = evidence("trade", "RT (rt.com/business/384576) gives 69.5 / 37.3 / 32.3")
    for flow, bn in [("total", "69.5"), ("export", "37.3"), ("import", "32.3")]:
        figure(flow, "2016", bn, "", "rt-com-2017-04-13", q)
    figure("total", "2017", "84.07", "20.8", "rt-com-2019-01-14", evidence("trade", "precise 84.07bn (+20.8%) from RT (rt.com/business/448783, 2019-01-14)"))
    figure("total", "2018", "108.3", "24.5", "pennews-net-2019-03-08", evidence("trade", "Russian FCS figure 108.3bn (+24.5%) (pennews.net 2019-03-08)"),
           body="Russian Federal Customs Service (NOT GACC)", reporter="RU", partner="CN")
    q = evidence("trade", "Dec 2019: CN imports 5.53, exports 4.88")
    figure("export", "2019-12", "4.88", "", "segodnia-ru-2020-01-14", q)
    figure("import", "2019-12", "5.53", "", "segodnia-ru-2020-01-14", q)
    figure("total", "2021", "146.87", "35.9", "tass-com-2022-09-21", evidence("trade", "Ambassador Zhang Hanhui: 146.87bn, +35.9% (tass.com/economy/1511265, 2022-09-21)"),
           body="Chinese ambassador (Zhang Hanhui)")
    figure("total", "2024", "244.819", "", "ria-ru-2025-08-29", evidence("trade", "Precise 244.819 from ria.ru/20250829/tovarooborot-2038225464.html"))
    q = evidence("trade", "Dec 2024: exports +6.4%, imports -4.3% (yuan)")
    figure("export", "2024-12", "", "6.4", "wallstreetobserver-com-2025-01-13", q, unit="CNY")
    figure("import", "2024-12", "", "-4.3", "wallstreetobserver-com-2025-01-13", q, unit="CNY")
    q = evidence("trade", "Dec 2025: exports +2.2%, imports +17.1%")
    figure("export", "2025-12", "", "2.2", "liga-net-2026-01-14", q, unit="CNY")
    figure("import", "2025-12", "", "17.1", "liga-net-2026-01-14", q, unit="CNY")
    q = evidence("trade", "April 2017: 6.59 (CN exp 3.21, imp 3.37)")
    for flow, bn in [("total", "6.59"), ("export", "3.21"), ("import", "3.37")]:
        figure(flow, "2017-04", bn, "", "sputniknews-com-2017-05-08", q)
    # Monthly totals whose split the note gives without saying which is which: the total only.
    figure("total", "2017-09", "7.60", "", "to-ros-info-2017-10", evidence("trade", "Sep 2017: 7.60 (3.79 / 3.81)"))
    figure("total", "2020-03", "8.091", "", "oreanda-ru-2020-04-14", evidence("trade", "March 2020: 8.091 (3.119 / 4.971)"))
    figure("total", "2021-04", "10.803", "", "bm-ge-2021-05-07", evidence("trade", "April 2021: 10.803"))
    figure("total", "2021-05", "10.449", "", "rt-com-2021-06", evidence("trade", "May 2021: 10.449"))
    figure("total", "2021-06", "12.263", "", "medichub-net-2021-07-13", evidence("trade", "June 2021: 12.263"))
    q = evidence("trade", "Sep 2021: total 13.46 (RU->CN 6.86, CN->RU 6.6)")
    for flow, bn in [("total", "13.46"), ("export", "6.6"), ("import", "6.86")]:
        figure(flow, "2021-09", bn, "", "silkbridge-info-2021-10", q)
    figure("total", "2021-10", "13.0", "", "kommersant-ru-2021-11", evidence("trade", "Oct 2021: 13.0"))
    figure("total", "2022-01..2022-04", "343.87", "", "irsteel-com-2022-05", evidence("trade", "343.87bn yuan"), unit="CNY")
    figure("total", "2022-04", "12.69", "", "irsteel-com-2022-05", evidence("trade", "April 2022: 12.69"))
    q = evidence("trade", "Sep 2022: 18.656 (RU exp 10.656, CN exp 7.99)")
    for flow, bn in [("total", "18.656"), ("export", "7.99"), ("import", "10.656")]:
        figure(flow, "2022-09", bn, "", "imparcialnews-com-br-2022-10", q)
    q = evidence("trade", "March 2023: 20.064 (RU->CN 11.02, CN->RU 9.044)")
    for flow, bn in [("total", "20.064"), ("export", "9.044"), ("import", "11.02")]:
        figure(flow, "2023-03", bn, "", "dzen-ru-2023-04-13", q)
    # April, June and July 2023: the note's export/import labels disagree with the cumulative figures or the source's
    # wording is reversed, so only the totals.
    figure("total", "2023-04", "19.228", "", "mideastdiscourse-com-2023-05-09", evidence("trade", "April 2023: 19.228"))
    figure("total", "2023-06", "20.831", "", "sputnikglobe-com-2023-07-13", evidence("trade", "June 2023: 20.831"))
    figure("total", "2023-07", "19.488", "", "sciencexxi-com-2023-08", evidence("trade", "July 2023: 19.488"))
    q = evidence("trade", "Aug 2023: 20.8 (CN exp 9.3, RU 11.5)")
    for flow, bn in [("total", "20.8"), ("export", "9.3"), ("import", "11.5")]:
        figure(flow, "2023-08", bn, "", "tass-com-2023-09-07", q)
    q = evidence("trade", "Oct 2023: ~19.8 (RU exp 11.1, CN exp 8.68)")
    figure("total", "2023-10", "19.8", "", "sputnikglobe-com-2023-11-07", q, qualifier="about")
    figure("export", "2023-10", "8.68", "", "sputnikglobe-com-2023-11-07", q)
    figure("import", "2023-10", "11.1", "", "sputnikglobe-com-2023-11-07", q)
    q = evidence("trade", "Levels from lenta.ru 2025-10-13 (RIA): 163.6 / 90.05 / 73.6")
    for flow, bn in [("total", "163.6"), ("export", "73.6"), ("import", "90.05")]:
        figure(flow, "2025-01..2025-09", bn, "", "lenta-ru-2025-10-13", q)
    write(columns, rows, cited_ids("0001-trade.csv"))


def brand_shares():
    old = seed_rows("0002-brand-shares.csv")
    columns = ["market", "segment", "period", "brand", "origin", "platformOrigin", "units", "sharePct", "qualifier", "rank", "topTen",
               "yoyChangePct", "citedBody", "confidence", "note", "action"] + SOURCE_COLUMNS
    rows = [
        revise(old, {"period": "2025-05", "brand": "Haval", "sourceId": "people-cn-2025-06-05"}, {"qualifier": "about"},
               "qualifier 'about' from the source's words, " + evidence("brands", "Share 'around 12 percent'.")),
        revise(old, {"period": "2025", "brand": "Lada", "sourceId": "gazeta-n1-ru-2026-01-14"}, {"qualifier": "about"},
               "qualifier 'about' from the source's words ('almost 25% less'; the units are '329,000' against gorodovoy.ru's 329.9k), "
               + evidence("brands", "yoy as stated: 'almost 25% less'.")),
    ]
    def figure(period, brand, origin, units, share, yoy, sid, quote, body="Autostat", confidence="reported"):
        rows.append({"market": "RU", "segment": "new-cars", "period": period, "brand": brand, "origin": origin, "units": units,
                     "sharePct": share, "yoyChangePct": yoy, "citedBody": body, "confidence": confidence,
                     "note": f"From the compiled note on this source: '{quote}'.", "sourceId": sid})
    figure("2023", "ALL", "", "1060000", "", "69", "vedomosti-ru-2026-01-15",
           evidence("brands", "Vedomosti 2026-01-15 (Autostat/Passport Industrial Consulting): 1.06m, +69%"), body="Autostat / Passport Industrial Consulting")
    figure("2022", "Lada", "RU", "", "27.89", "", "rt-com-2024-01-13", evidence("brands", "Share 27.89% in 2022."))
    figure("2024", "ALL", "", "1500000", "", "48", "azernews-az-2025-01-10",
           evidence("brands", "Anadolu/Azernews (2025-01-10) citing Autostat: '1.5 million', +48%"))
    figure("2023-H1", "Haval", "CN", "", "9.6", "", "abnews-ru-2024-07-15", evidence("brands", "share 9.6% in H1 2023"))
    figure("2025", "ALL", "", "", "", "-15.5", "gazeta-n1-ru-2026-01-14", evidence("brands", "Forbes/Autostat: -15.5%"))
    q = evidence("brands", "Haval 11.8k (+23%), Chery 8.9k (+2%), Geely 6.2k (-31%), Changan 5k, Omoda 2.3k. Weak outlet.")
    for brand, n, yoy in [("Haval", "11800", "23"), ("Chery", "8900", "2"), ("Geely", "6200", "-31"), ("Changan", "5000", ""), ("Omoda", "2300", "")]:
        figure("2025-01", brand, "CN", n, "", yoy, "news-pravda-com-2025-02-25", q, confidence="weak")
    figure("2024-10", "Lada", "RU", "", "26", "", "rambler-ru-2025-11-06", evidence("brands", "Lada 20% (26% a year earlier)"))
    figure("2025-01..2025-05", "ALL", "", "440259", "", "-26", "people-cn-2025-06-05", evidence("brands", "Jan-May 2025: 440,259 (-26%)."))
    write(columns, rows, cited_ids("0002-brand-shares.csv"))


def currency_shares():
    old = seed_rows("0003-currency-shares.csv")
    columns = ["country", "counterpart", "direction", "period", "currency", "sharePct", "qualifier", "kind", "statedBy", "statedAs",
               "citedBody", "confidence", "note", "action"] + SOURCE_COLUMNS
    rows = []
    # The governor's interview figures were filed as statistics: they are her statements. The "latest data" ones name
    # no period, so they are as of the interview's publication (..2024-01), never January 2024's statistic.
    governor = [r for r in old if r["statedBy"].startswith("Elvira Nabiullina")]
    assert len(governor) == 4
    latest = evidence("currencies", "'according to the latest data' - period not specified.")
    two_years = evidence("currencies", "'two years ago' relative to Jan 2024.")
    for r in governor:
        rows.append({k: r[k] for k in ("country", "counterpart", "direction", "period", "currency", "kind")}
                    | {"action": "withdraw", "sourceId": r["sourceId"], "note": "Withdrawn: a statement filed as a statistic; re-published as a statement."})
    for r in governor:
        named = r["period"] == "2022-01"
        rows.append({"country": r["country"], "counterpart": r["counterpart"], "direction": r["direction"],
                     "period": r["period"] if named else "..2024-01", "currency": r["currency"], "sharePct": r["sharePct"],
                     "kind": "statement", "statedBy": "Elvira Nabiullina", "statedAs": f"{r['sharePct']}%" + (" two years ago" if named else " according to the latest data"),
                     "citedBody": r["citedBody"], "confidence": r["confidence"],
                     "note": ("Statement by the Bank of Russia governor in an interview published 2024-01-30; " +
                              ("the period is hers: two years before January 2024." if named else
                               "she named no period ('according to the latest data'), so the period is as of publication, not January 2024.")),
                     "sourceId": r["sourceId"]})
    def figure(counterpart, direction, period, currency, share, sid, quote, note=""):
        rows.append({"country": "RU", "counterpart": counterpart, "direction": direction, "period": period, "currency": currency,
                     "sharePct": share, "kind": "statistic", "citedBody": "Bank of Russia", "confidence": "reported",
                     "note": note + f"From the compiled note on this source: '{quote}'.", "sourceId": sid})
    figure("WLD", "exports", "2025-04", "RUB", "52.3", "tass-ru-2025-08-15", evidence("currencies", "TASS (2025-08-15) confirms the April 2025 record of 52.3%."))
    figure("ASIA", "imports", "2025-06", "RUB", "48.5", "tass-ru-2025-08-15", evidence("currencies", "Asia: imports 48.5% in RUB."))
    figure("ASIA", "imports", "2025-Q2", "RUB", "49.9", "tass-ru-2025-08-15", evidence("currencies", "Asia imports 49.9% RUB in Q2 2025."))
    figure("ASIA", "exports", "2025", "RUB", "51.2", "novosti24-online-2026-02-16", evidence("currencies", "Asia: 51.2% (+13.4 pp)."),
           note="Exports of goods and services. ")
    q = evidence("currencies", "Vs about 2% seven years earlier.")
    rows.append({"country": "RU", "counterpart": "CN", "direction": "all", "period": "2013", "currency": "RUB_CNY", "sharePct": "2",
                 "qualifier": "about", "kind": "statement", "statedBy": "Andrey Denisov (Russian ambassador to China)",
                 "statedAs": "about 2% seven years earlier", "citedBody": "Official statement", "confidence": "reported",
                 "note": f"Stated in 2020 beside 'about 25%' for January–September 2020: '{q}' (seven years before 2020).", "sourceId": "sott-net-2020-11"})
    write(columns, rows, cited_ids("0003-currency-shares.csv"))


{"trade": trade, "brand-shares": brand_shares, "currency-shares": currency_shares}[DATASET]()
