"""Markdown table of bench/results/latest-*.json, for README's Performance section."""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    runs = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("latest-*.json"))]
    if not runs:
        sys.exit("No results yet: run `make bench` first.")
    engines = [r["engine"] for r in runs]
    head = "| page | " + " | ".join(f"{e} req/s (× ceiling) | {e} p50 / p99 ms" for e in engines)
    print(head + " |")
    print("|" + " --- |" * (1 + 2 * len(runs)))
    by_name = [{r["name"]: r for r in run["results"]} for run in runs]
    for name in by_name[0]:
        cells = []
        for results in by_name:
            r = results.get(name)
            if r is None:
                cells += ["", ""]
                continue
            ratio = "" if r["ratio"] is None else f" ({r['ratio']:.2f})"
            errors = r["non_2xx"] + r["socket_errors"]
            note = f", {errors} errors" if errors else ""
            cells += [
                f"{r['requests_per_s']:.0f}{ratio}",
                f"{r['p50_ms']:.0f} / {r['p99_ms']:.0f}{note}",
            ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for run in runs:
        seeding = run.get("seeding", {})
        print(
            f"\n{run['engine']}: {run['date']}, {run['machine']}, {run['workers']} workers, "
            f"{run['connections']} connections, {run['seconds_per_page']} s per page; seeding "
            f"{seeding.get('wall_s', '?')} s wall ({seeding.get('cpu_s', '?')} s CPU); worker RSS "
            f"after the run {run.get('worker_rss_mb')} MB."
        )


if __name__ == "__main__":
    main()
