"""
Expected parses of the files in this folder, by pandas (an independent reader) with the options each file
needs, written to expected.json: per file, per column, the values (numbers as floats, dates as days since
1970-01-01, null for missing). Decorations pandas leaves as text (currency, percent, parentheses) are
stripped here with Python's own Decimal, so the numbers do not come from Loss Lab.

    /usr/bin/python3 test/data/real-world/expected.py
"""
import json
import math
import os
from decimal import Decimal

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = pd.Timestamp("1970-01-01")


def days(series, fmt):
    return [None if pd.isna(t) else (t - EPOCH) / pd.Timedelta(days=1) for t in pd.to_datetime(series, format=fmt)]


def numbers(series):
    return [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in series]


def money(text):
    """'$4,775.85' / '($1,200.00)' → a float, via Decimal (exact decimal, then one rounding)."""
    if pd.isna(text):
        return None
    s = text.strip()
    negative = s.startswith("(") and s.endswith(")")
    s = s.strip("()").replace("$", "").replace(",", "")
    v = Decimal(s)
    return float(-v if negative else v)


def percent(text):
    if pd.isna(text):
        return None
    return float(Decimal(text.rstrip("%")) / 100)


def german(text):
    """'148.608,50' or '324,61 €' → float via Decimal."""
    if pd.isna(text):
        return None
    return float(Decimal(text.replace("€", "").strip().replace(".", "").replace(",", ".")))


def strings(series):
    return [None if pd.isna(v) else str(v) for v in series]


NA = ["NA", "N/A", "NaN", "null", "None", "?", "-", "--", ""]
out = {}

df = pd.read_csv(os.path.join(HERE, "stocks.csv"), comment="#")
out["stocks.csv"] = {"Date": days(df["Date"], "%Y-%m-%d"), **{c: numbers(df[c]) for c in df.columns[1:]}}

df = pd.read_csv(os.path.join(HERE, "debian.csv"), dtype=str, keep_default_na=False, na_values=[""])
out["debian.csv"] = {"version": numbers(df["version"].astype(float)), "codename": strings(df["codename"])}
for c in ["created", "release", "eol", "eol-lts", "eol-elts"]:
    out["debian.csv"][c] = days(df[c], "%Y-%m-%d")

df = pd.read_csv(os.path.join(HERE, "framing.csv"))
out["framing.csv"] = {"Unnamed: 0": numbers(df["Unnamed: 0"]), "time": numbers(df["time"]), "dose": numbers(df["dose"]), "count": numbers(df["count"]), "group": strings(df["group"])}

df = pd.read_csv(os.path.join(HERE, "msft.csv"))
out["msft.csv"] = {"Date": days(df["Date"], "%d-%b-%y"), **{c: numbers(df[c]) for c in df.columns[1:]}}

df = pd.read_csv(os.path.join(HERE, "excel-export.csv"), dtype=str, keep_default_na=False, na_values=NA)
out["excel-export.csv"] = {
    "CustomerID": strings(df["CustomerID"]),
    "Signup": days(df["Signup"], "%m/%d/%Y"),
    "Revenue": [money(v) for v in df["Revenue"]],
    "Growth": [percent(v) for v in df["Growth"]],
    "Status": strings(df["Status"]),
    "Active": [None if pd.isna(v) else (1.0 if v == "Yes" else 0.0) for v in df["Active"]],
}

df = pd.read_csv(os.path.join(HERE, "german-cp1252.csv"), sep=";", encoding="cp1252", dtype=str, keep_default_na=False, na_values=NA)
out["german-cp1252.csv"] = {
    "Datum": days(df["Datum"], "%d.%m.%Y"),
    "Ort": strings(df["Ort"]),
    "Umsatz": [german(v) for v in df["Umsatz"]],
    "Menge": numbers(df["Menge"].astype(float)),
    "Preis": [german(v) for v in df["Preis"]],
    "Bemerkung": strings(df["Bemerkung"]),
}

df = pd.read_csv(os.path.join(HERE, "utf16-bom.csv"), encoding="utf-16")
out["utf16-bom.csv"] = {"name": strings(df["name"]), "größe": numbers(df["größe"]), "preis": numbers(df["preis"])}

with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
