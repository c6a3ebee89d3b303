"""Shared pieces of the seed derivations: publication dates as EDTF, and source ids from URLs."""
import re
from urllib.parse import urlparse

def published(text):
    """'2025-01-13 (approx.)' -> '2025-01-13~' (EDTF: ~ marks an approximate date)."""
    text = text.strip()
    if text == "2009 (Oct, approx.)":
        return "2009-10~"
    m = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(\(approx\.\)|\(underlying reports\))?$", text)
    assert m, text
    return m.group(1) + ("~" if m.group(2) else "")

class SourceIds:
    """One id per page URL: the host (without a language or mobile prefix) and the publication date."""
    PREFIX = re.compile(r"^(www|m|en|au|it|ar|italy|auto|wew|projects|finance|english|russian)\.")

    def __init__(self):
        self.ids = {}

    def __call__(self, url, pub):
        if url not in self.ids:
            host = self.PREFIX.sub("", urlparse(url).hostname)
            base = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") + "-" + pub.rstrip("~")
            sid, n = base, 2
            while sid in self.ids.values():
                sid, n = f"{base}-{n}", n + 1
            self.ids[url] = sid
        return self.ids[url]
