"""Markdown tables of bench/results/latest-*.json, for README's Performance section."""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def throughput(run: dict) -> None:
    results = run["results"]
    ceiling = results[0]
    variants = run.get("variants", ["cached"])
    print(f"| page | {' | '.join(f'{v}: req/s (× ceiling), p99 ms' for v in variants)} | KB |")
    print("|" + " --- |" * (len(variants) + 2))
    print(
        f"| ceiling | {ceiling['requests_per_s']:.0f} (1.00), {ceiling['p99_ms']:.0f} |"
        + " |" * (len(variants) - 1)
        + " 20 |"
    )
    pages: dict[str, dict] = {}
    for r in results[1:]:
        page = r["extra"].get("page")
        if page:
            pages.setdefault(page, {})[r["extra"]["variant"]] = r
    for page, by_variant in pages.items():
        cells = []
        size = ""
        for variant in variants:
            r = by_variant.get(variant)
            if r is None:
                cells.append("")
                continue
            errors = r["non_2xx"] + r["socket_errors"]
            note = f", {errors} errors" if errors else ""
            cells.append(f"{r['requests_per_s']:.0f} ({r['ratio']:.2f}), {r['p99_ms']:.0f}{note}")
            size = f"{r['extra']['bytes'] / 1024:.0f}" if variant == variants[-1] else size
        print(f"| {page} | {' | '.join(cells)} | {size} |")
    latency = [r for r in results if r["extra"].get("search_latency")]
    if latency:
        print("\n| search, one reader at a time | p50 ms | p99 ms |")
        print("| --- | --- | --- |")
        for r in latency:
            print(
                f"| {r['extra']['search_latency']}, {r['extra']['variant']} "
                f"| {r['p50_ms']:.0f} | {r['p99_ms']:.0f} |"
            )
    for r in results[1:]:
        if r["name"] == "live mix":
            print(
                f"\nLive mix: visitors {r['requests_per_s']:.0f} req/s "
                f"({r['ratio']:.2f} × ceiling),"
                f" p99 {r['p99_ms']:.0f} ms, cache hit rate {r['extra']['cache_hit_rate']:.0%},"
                f" while writers had {r['extra']['writes_per_s']} writes/s accepted."
            )
        if r["name"] == "write mix":
            e = r["extra"]
            print(
                f"Write mix (16 signed-in writers, as fast as they can): {r['requests_per_s']:.0f}"
                f" writes/s ({e['posts_per_s']}), p99 {r['p99_ms']:.0f} ms, {r['non_2xx']} errors,"
                f" accepted {e['accepted']}, stored {e['stored']}, lost {max(0, e['lost'])}."
            )


def cpu(run: dict) -> None:
    rows = run.get("cpu") or []
    if not rows:
        return
    ceiling = next(c["cpu_ms"] for c in rows if c["page"] == "ceiling")
    # The ceiling as issue 15 measured it (header and footer rendered on every request).
    as_filed = next((c for c in rows if c["page"] == "ceiling, chrome rendered"), None)
    filed = as_filed.get("x_ceiling") if as_filed else None
    heads = ["page", "CPU ms, page cache off", "× ceiling", "× ceiling as filed", "cache hit ms"]
    print("\n| " + " | ".join([*heads, "KB"]) + " |")
    print("| --- | --- | --- | --- | --- | --- |")
    for c in rows:
        hit = c.get("cpu_ms_cache_hit", "")
        ratio = c.get("x_ceiling") or c["cpu_ms"] / ceiling
        vs_filed = f"{ratio / filed:.2f}" if filed else ""
        print(
            f"| {c['page']} | {c['cpu_ms']:.1f} | {ratio:.2f} | {vs_filed} | {hit} "
            f"| {c['bytes'] / 1024:.0f} |"
        )


def main() -> None:
    runs = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("latest-*.json"))]
    if not runs:
        sys.exit("No results yet: run `make bench` first.")
    for run in runs:
        print(
            f"{run['engine']}: {run['date']}, {run['machine']}, {run['workers']} workers, "
            f"{run['connections']} connections, {run['seconds_per_page']} s per page, load "
            f"average {run.get('load_average_before', '?'):.1f} before and "
            f"{run.get('load_average_after', '?'):.1f} after; worker RSS "
            f"{run.get('worker_rss_mb')} MB.\n"
        )
        throughput(run)
        cpu(run)


if __name__ == "__main__":
    main()
