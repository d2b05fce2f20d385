"""The pandas peer of the inspect benchmark: read_csv, then describe(), nunique() and isna().sum().

    python3 inspect_pandas.py FILE  ->  the time of those four, in this process, as JSON
"""
import json
import sys
import time

import pandas as pd


def main():
    t0 = time.perf_counter()
    frame = pd.read_csv(sys.argv[1])
    frame.describe()
    frame.nunique()
    frame.isna().sum()
    print(json.dumps({"pandas": pd.__version__, "seconds": time.perf_counter() - t0}))


main()
