"""The benchmark funnel in pandas, the way an analyst writes it: read the
export, then for each step keep every user's earliest qualifying event
after the previous step, within 30 days of the first step.

    python3 funnel_pandas.py events.csv
"""
import sys

import pandas as pd

STEPS = ["ad_click", "session_start", "view_item", "add_to_cart", "begin_checkout",
         "add_shipping_info", "add_payment_info", "purchase"]
IDS = ["ad", "landing", "product", "cart", "checkout", "shipping", "payment", "order"]
WINDOW = pd.Timedelta(days=30)

events = pd.read_csv(sys.argv[1], dtype={"user_id": "string", "event": "category"})
events["timestamp"] = pd.to_datetime(events["timestamp"], format="%Y-%m-%dT%H:%M:%SZ", utc=True)

first = events[events["event"] == STEPS[0]].groupby("user_id")["timestamp"].min()
reached = pd.DataFrame({"t": first, "t0": first})
counts = [len(reached)]
for step in STEPS[1:]:
    e = events[events["event"] == step].merge(reached, left_on="user_id", right_index=True)
    e = e[(e["timestamp"] >= e["t"]) & (e["timestamp"] <= e["t0"] + WINDOW)]
    reached = e.groupby("user_id").agg(t=("timestamp", "min"), t0=("t0", "first"))
    counts.append(len(reached))

for i, n in zip(IDS, counts):
    print(i, n)
