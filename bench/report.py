"""bench/REPORT.md from the results of bench/run.py (the same numbers as results.json)."""

from __future__ import annotations

import statistics

TARGET_SCALE = "100"
CLIENTS = 16  # the targets of issue 7 are stated at 16 concurrent clients


def markdown(results: dict, before: dict | None) -> str:
    m = results.get("machine", {})
    out = [
        "# Smartby load benchmark",
        "",
        f"Written by `make bench` (bench/run.py) on {m.get('date')}, commit {m.get('commit')}. "
        "Regenerate with `make bench`; a quick check: "
        "`make bench BENCH_SCALES=0.1 BENCH_DURATION=5`. How it works: bench/README.md.",
        "",
        *(
            [
                "Put together (`bench/run.py combine`) from these runs, each with its date "
                "and commit (runs on other days may have met a faster or slower machine): "
                + "; ".join(_sources(results))
                + ". Where two runs measured a database and scale, the later run's numbers "
                "are given.",
                "",
            ]
            if m.get("combined_from")
            else []
        ),
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m.get('cpu')}, {m.get('cores')} cores |",
        f"| RAM | {m.get('ram_gib')} GiB |",
        f"| OS | {m.get('os')} |",
        f"| load average at start, at end | {_load(m.get('load_average'))}; "
        f"{_load(m.get('load_average_end'))} |",
        f"| Python, Django | {m.get('python')}, {m.get('django')} |",
        f"| gunicorn | {m.get('gunicorn')} |",
        f"| Smartby settings | {_settings(results['runs'])} |",
        f"| SQLite | {m.get('sqlite')} |",
        f"| PostgreSQL | {m.get('postgresql') or 'not run'} |",
        f"| Datasette, nginx, wrk | {m.get('datasette')}, {m.get('nginx')}, {m.get('wrk')} |",
        f"| method | {m.get('warmup_s')} s warm-up at 16 connections, then "
        f"{m.get('duration_s')} s per measurement at "
        f"{', '.join(map(str, m.get('connections', [])))} connections |",
        "",
        "Load generator and servers share the machine. Errors are HTTP statuses ≥ 400 plus "
        "socket errors and timeouts (30 s), as wrk counts them; every URL was checked to "
        "answer 200 before it was timed. Peak memory is the sum of the resident memory of the "
        "gunicorn master and its workers, sampled every 0.2 s during the measurement (the "
        "PostgreSQL server's own memory is not included). The clients send their next request "
        "as soon as the answer arrives, so latency ≈ clients ÷ throughput (Little's law): at "
        "16 clients, a median of 50 ms takes about 320 req/s.",
        "",
    ]
    busy = (m.get("load_average") or [0])[0]
    if busy > 0.5:
        out += [
            f"**The machine was not idle** (load average {busy:.2f} when the run started, on "
            f"{m.get('cores')} cores): other work competed for the CPU, so the numbers are "
            "lower and noisier than on a quiet machine.",
            "",
        ]
    if m.get("code_changed_during_run"):
        out += [
            "**The code in the working tree changed while this ran**: the runs below may "
            "have timed different versions of Smartby. Run again on a quiet tree.",
            "",
        ]
    out += _data(results["runs"])
    for run in results["runs"]:
        out += _run(run)
    for scale, anchors in results["anchors"].items():
        out += _anchors(scale, anchors)
    out += _ratios(results)
    out += _targets(results)
    out += _reproducibility(results, before)
    return "\n".join(out) + "\n"


def any_failed(results: dict) -> bool:
    rows = [r for run in results["runs"] for rs in run.get("endpoints", {}).values() for r in rs]
    anchors = results["anchors"].values()
    rows += [r for a in anchors if "error" not in a for x in a.values() for r in x["rows"]]
    if any("error" in a for a in anchors):
        return True
    runs = results["runs"]
    return any("error" in r or "collectstatic_failed" in r for r in runs) or any(
        "failed" in r for r in rows
    )


def _data(runs: list[dict]) -> list[str]:
    runs = [r for r in runs if "counts" in r]
    if not runs:
        return []
    names = list(runs[0]["counts"])
    out = ["## Data", "", "| rows | " + " | ".join(_label(r) for r in runs) + " |"]
    out.append("|---|" + "---:|" * len(runs))
    for name in names:
        out.append(
            f"| {name} | " + " | ".join(f"{r['counts'].get(name, 0):,}" for r in runs) + " |"
        )
    out.append("| load time (migrate, loadrefs, seed) | "
               + " | ".join(_load_time(r) for r in runs) + " |")  # fmt: skip
    if any(r.get("load_cached") for r in runs):
        out += ["", "*(cached)*: the data loaded by an earlier run and kept in var/bench/ "
                "(bench/README.md); the time is that of its load."]  # fmt: skip
    return [*out, ""]


def _load_time(run: dict) -> str:
    seconds = run["load_seconds"]
    shown = f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.0f} min"
    return shown + (" (cached)" if run.get("load_cached") else "")


def _label(run: dict) -> str:
    scale = run["scale"]
    return f"{run['database']}, {'demo data' if scale == 'demo' else f'scale {scale}'}"


def _row(name: str, r: dict, memory: bool = True) -> str:
    if "failed" in r:
        return f"| {name} | {r.get('connections', '')} | failed: {r['failed']} |"
    if r.get("requests") == 0:
        # No answer came back within the measured time: wrk reports zero latencies then.
        cells = [name, str(r["connections"]), "0", "no answer within the measured time", "", ""]
        cells.append(f"{r['errors']:,}")
    else:
        cells = [name, str(r["connections"]), _rps(r["rps"]), _ms(r["p50_ms"])]
        cells += [_ms(r["p95_ms"]), _ms(r["p99_ms"]), f"{r['errors']:,}"]
    if memory:
        cells.append(f"{r.get('peak_rss_mib', 0):,.0f}")
    return "| " + " | ".join(cells) + " |"


HEADER = "| endpoint | clients | req/s | p50 ms | p95 ms | p99 ms | errors |"


def _table(endpoints: dict, memory: bool = True) -> list[str]:
    header = HEADER + (" peak MiB |" if memory else "")
    out = [header, "|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if memory else "")]
    for name, rows in endpoints.items():
        for i, r in enumerate(rows):
            out.append(_row(name if i == 0 else "", r, memory))
    return out


def _run(run: dict) -> list[str]:
    out = [f"## {_label(run)}", ""]
    if "error" in run:
        return [*out, f"Failed: {run['error']}", ""]
    if run.get("collectstatic_failed"):
        out += [
            "**`smartby collectstatic` failed with the production settings** "
            f"(`{run['collectstatic_failed']}`): production cannot serve this build. The "
            "pages below were timed with bench/fallback_settings.py (static files compressed "
            "but not hashed; nothing else differs).",
            "",
        ]
    out += [
        f"Peak server memory over the whole run: **{run['peak_rss_mib']:,.0f} MiB**. "
        + (
            f"First searches after the start, on every worker at once (each builds its "
            f"facet bitmaps; not timed below): {run['warm_up_seconds']:,.1f} s. "
            if "warm_up_seconds" in run
            else ""
        )
        + f"Hits (the API's `count` for the same query): case search "
        f"{_n(run['hits']['case search'])}, dataset search {_n(run['hits']['dataset search'])}.",
        "",
        *_empty_search_warning(run["hits"]),
        "Most rows ask one URL again and again, as visitors do with popular pages: after the "
        "first request the page cache for anonymous visitors answers. The *uncached* rows "
        "ask a different query on every request (see the URLs below), each with the facet "
        "values of a row it finds, plus a `bench=` parameter that differs every time, so "
        "the page cache never has the answer: the cost of the search itself. Text hits are "
        "kept per word, so a word the list asked before costs no search statement (the list "
        "holds single words, then pairs of the same words; bench/README.md).",
        "",
        *_table(run["endpoints"]),
        "",
        "Through the reverse-proxy cache (deploy/nginx/smartby.conf in front of the same server):",
        "",
        *_table(run["proxy"]["endpoints"]),
        "",
        _cache_status_heading(run),
        "",
    ]
    for name, headers in run["headers"].items():
        status = run["proxy"]["cache_status"].get(name, {})
        shown = ", ".join(f"{k}: `{v}`" for k, v in headers.items()) or "no caching headers"
        first = f"first → {status['first']}, " if "first" in status else ""
        after = f", after the load → {status['after the load']}" if "first" in status else ""
        out.append(f"- {name}: {shown}; {first}repeat → {status.get('repeat')}, "
                   f"with sessionid → {status.get('with sessionid')}{after}")  # fmt: skip
    out += ["", "URLs:", ""]
    out += [f"- {name}: `{path}`" for name, path in run["paths"].items()]
    out += [
        f"- {name}: {info['count']:,} queries in turn, the first `{info['first']}`"
        for name, info in run.get("lists", {}).items()
    ]
    return [*out, ""]


def _empty_search_warning(hits: dict) -> list[str]:
    empty = [name for name, n in hits.items() if not n]
    if not empty:
        return []
    return [f"**{' and '.join(empty).capitalize()} found nothing**: its facet counting did "
            "little work, so its timing says little.", ""]  # fmt: skip


def _anchors(scale: str, anchors: dict) -> list[str]:
    where = "the demo data" if scale == "demo" else f"scale {scale}"
    if "error" in anchors:
        return [f"## Anchors, {where}", "", f"Failed: {anchors['error']}", ""]
    ds = anchors.get("datasette", {})
    out = [
        f"## Anchors, {where}",
        "",
        "Same machine, same run, same data. Datasette "
        "(immutable, `suggest_facets off`, page size 20, SQL and facet time limits 5 s) serves "
        "the public cases exported with sqlite-utils (FTS5 on title and summary, indexes on "
        "the facet columns, themes as a JSON array) with the case search's word and three "
        f"facet filters, four facets counted: `{ds.get('path')}` ({_n(ds.get('hits'))} hits); "
        "*query list*: the same for each query of the uncached case search in turn "
        f"({_n(anchors.get('datasette, query list', {}).get('count'))} queries). "
        "nginx serves the case page, rendered once by Smartby, as a static file "
        f"(`{anchors.get('nginx static', {}).get('path')}`).",
        "",
        *_table({name: a["rows"] for name, a in anchors.items()}, memory=False),
    ]
    return [*out, ""]


def _rps_at(rows: list[dict] | None, clients: int = CLIENTS) -> float | None:
    for r in rows or []:
        if r.get("connections") == clients and "rps" in r:
            return r["rps"]
    return None


def _p95_at(rows: list[dict] | None, clients: int = CLIENTS) -> float | None:
    for r in rows or []:
        if r.get("connections") == clients and "p95_ms" in r:
            return r["p95_ms"]
    return None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _ratios_of(run: dict, anchors: dict) -> dict:
    ds = _rps_at(anchors.get("datasette", {}).get("rows"))
    ds_list = _rps_at(anchors.get("datasette, query list", {}).get("rows"))
    static = _rps_at(anchors.get("nginx static", {}).get("rows"))
    proxy, e = run["proxy"]["endpoints"], run["endpoints"]
    return {
        "search": _ratio(_rps_at(e.get("case search")), ds),
        "search uncached": _ratio(_rps_at(e.get("case search, uncached")), ds_list),
        "home": _ratio(_rps_at(proxy.get("home")), static),
        "case": _ratio(_rps_at(proxy.get("case detail")), static),
    }


def _ratios(results: dict) -> list[str]:
    out = [
        "## Ratios to the anchors (16 clients)",
        "",
        "| run | case search ÷ Datasette, one query | uncached case search ÷ Datasette, "
        "query list | home via proxy ÷ nginx static | case page via proxy ÷ nginx static |",
        "|---|---:|---:|---:|---:|",
    ]
    for run in results["runs"]:
        if "error" in run:
            continue
        r = _ratios_of(run, results["anchors"].get(run["scale"], {}))
        out.append(f"| {_label(run)} | {_x(r['search'])} | {_x(r['search uncached'])} | "
                   f"{_pct(r['home'])} | {_pct(r['case'])} |")  # fmt: skip
    return [*out, ""]


def _targets(results: dict) -> list[str]:
    runs = [r for r in results["runs"] if "error" not in r]
    if not runs:
        return []
    scales = {r["scale"] for r in runs}
    scale = TARGET_SCALE if TARGET_SCALE in scales else max(scales, key=_scale_key)
    out = ["## Targets (issue 7, point 4)", ""]
    if scale != TARGET_SCALE:
        out += [f"**Scale {TARGET_SCALE} was not run: judged at {scale} instead, so these "
                "verdicts are indicative only.**", ""]  # fmt: skip
    out += [
        f"At {'the demo data' if scale == 'demo' else f'scale {scale}'}, {CLIENTS} clients.",
        "",
        "| target | " + " | ".join(r["database"] for r in runs if r["scale"] == scale) + " |",
        "|---|" + "---|" * sum(r["scale"] == scale for r in runs),
    ]
    checks: list[tuple[str, list[str]]] = []
    for run in (r for r in runs if r["scale"] == scale):
        e = run["endpoints"]
        ratios = _ratios_of(run, results["anchors"].get(scale, {}))
        cells = [
            _verdict(_p95_at(e.get("case search, uncached")), lambda v: v <= 50, "{:.1f} ms"),
            _verdict(_p95_at(e.get("dataset search, uncached")), lambda v: v <= 50, "{:.1f} ms"),
            _verdict(ratios["search uncached"], lambda v: v >= 10, "{:.1f}×"),
            _verdict(_rps_at(e.get("home")), lambda v: v >= 2000, "{:,.0f} req/s"),
            _verdict(_rps_at(e.get("case detail")), lambda v: v >= 2000, "{:,.0f} req/s"),
            _verdict(_pct_value(ratios["home"]), lambda v: v >= 50, "{:.0f} %"),
            _verdict(_pct_value(ratios["case"]), lambda v: v >= 50, "{:.0f} %"),
            _verdict(run.get("peak_rss_mib"), lambda v: v < 1024, "{:,.0f} MiB"),
        ]
        checks.append((run["database"], cells))
    names = [
        "case search (text + 3 facets), uncached: p95 ≤ 50 ms",
        "dataset search (text + 2 facets), uncached: p95 ≤ 50 ms",
        "uncached case search ≥ 10× Datasette's req/s on the same queries",
        "home ≥ 2,000 req/s from gunicorn alone (page cache on)",
        "case page ≥ 2,000 req/s from gunicorn alone (page cache on)",
        "home via proxy cache ≥ 50 % of nginx static",
        "case page via proxy cache ≥ 50 % of nginx static",
        "peak server memory < 1 GiB",
    ]
    for i, name in enumerate(names):
        out.append(f"| {name} | " + " | ".join(cells[i] for _, cells in checks) + " |")
    return [*out, "", *_one_client(runs, scale)]


def _one_client(runs: list[dict], scale: str) -> list[str]:
    """The uncached searches one client at a time, beside the targets: what a single reader
    waits, without the queue that 16 clients on the run's cores make. Not a target."""
    lines = []
    for run in (r for r in runs if r["scale"] == scale):
        parts = []
        for name in ("case search, uncached", "dataset search, uncached"):
            row = next((r for r in run["endpoints"].get(name, []) if r.get("connections") == 1), {})
            if "p95_ms" in row:
                parts.append(f"{name.split(',')[0]} p50 {row['p50_ms']:.1f} ms, "
                             f"p95 {row['p95_ms']:.1f} ms")  # fmt: skip
        if parts:
            lines.append(f"- {run['database']}: " + "; ".join(parts) + ".")
    if not lines:
        return []
    return [
        "For comparison, not a target: the same uncached searches one client at a time, "
        "so without queueing.",
        "",
        *lines,
        "",
    ]


def _verdict(value: float | None, ok, fmt: str) -> str:
    if value is None:
        return "not measured"
    return f"{fmt.format(value)} — {'met' if ok(value) else '**not met**'}"


def _reproducibility(results: dict, before: dict | None) -> list[str]:
    out = ["## Reproducibility", ""]
    if not before:
        return [*out, "No earlier bench/results.json to compare with.", ""]
    old = _rps_index(before)
    carried = _carried(results)
    lines = []
    now = _rps_index(results)
    for key, rps in now.items():
        if key in old and old[key] and key[:2] not in carried:
            lines.append((abs(rps - old[key]) / old[key] * 100, key))
    if not lines:
        return [*out, "The earlier results.json has no measurement in common with this run.", ""]
    worst = max(lines)
    bm = before.get("machine", {})
    out.append(
        f"Against the previous run ({bm.get('date')}, commit {bm.get('commit')}), "
        f"{len(lines)} measurements in common"
        + (
            " (the ones carried over from the first of the two combined runs left out)"
            if carried
            else ""
        )
        + f": req/s differ by a median of {statistics.median(d for d, _ in lines):.1f} %, "
        f"at most {worst[0]:.1f} % ({', '.join(map(str, worst[1]))}). Load average at the "
        f"start: {_load(bm.get('load_average'))} then, "
        f"{_load(results['machine'].get('load_average'))} now."
    )
    keys = [k for _, k in sorted(lines, key=lambda x: x[1]) if k[2] in KEY_MEASUREMENTS
            and k[3] == 16]  # fmt: skip
    if keys:
        out += ["", "The measurements the targets rest on, at 16 clients:", "",
                "| run | endpoint | req/s then | req/s now | difference |",
                "|---|---|---:|---:|---:|"]  # fmt: skip
        for k in keys:
            diff = (now[k] - old[k]) / old[k] * 100
            out.append(f"| {k[0]}, scale {k[1]} | {k[2]} | {_rps(old[k])} | {_rps(now[k])} "
                       f"| {diff:+.1f} % |")  # fmt: skip
    return [*out, ""]


KEY_MEASUREMENTS = (
    "home",
    "case detail",
    "case search, uncached",
    "dataset search, uncached",
    "home via proxy",
    "case detail via proxy",
    "datasette, query list",
    "nginx static",
)


def _sources(results: dict) -> list[str]:
    """What each run of a combined report measured: "scale 1 (sqlite, postgresql, anchors):
    <date>, commit <commit>"."""
    parts: dict[str, list[str]] = {}
    for run in results["runs"]:
        parts.setdefault(run.get("measured", "?"), []).append(_label(run))
    for scale, source in results.get("anchors_measured", {}).items():
        parts.setdefault(source, []).append(f"anchors, scale {scale}")
    return [f"{source}: {', '.join(labels)}" for source, labels in sorted(parts.items())]


def _carried(results: dict) -> set[tuple[str, str]]:
    """(database or "anchor", scale) of what `combine` took over unchanged from its first run."""
    carried = results.get("carried_over", {})
    return {tuple(x) for x in carried.get("runs", [])} | {
        ("anchor", scale) for scale in carried.get("anchors", [])
    }


def _rps_index(results: dict) -> dict:
    index = {}
    for run in results.get("runs", []):
        tables = {**run.get("endpoints", {})}
        tables.update(
            {f"{k} via proxy": v for k, v in run.get("proxy", {}).get("endpoints", {}).items()}
        )
        for name, rows in tables.items():
            for r in rows:
                if "rps" in r:
                    index[(run["database"], run["scale"], name, r["connections"])] = r["rps"]
    for scale, anchors in results.get("anchors", {}).items():
        for name, a in anchors.items() if "error" not in anchors else []:
            for r in a["rows"]:
                if "rps" in r:
                    index[("anchor", scale, name, r["connections"])] = r["rps"]
    return index


def _settings(runs: list[dict]) -> str:
    """The SMARTBY_* variables the server ran with, apart from per-run paths and hosts."""
    env: dict[str, str] = next((r["env"] for r in runs if "env" in r), {})
    skip = ("SMARTBY_VAR_DIR", "SMARTBY_DATABASE_URL", "SMARTBY_ALLOWED_HOSTS")
    return ", ".join(f"`{k}={v}`" for k, v in sorted(env.items()) if k not in skip) or "–"


def _load(values: list[float] | None) -> str:
    return ", ".join(f"{x:.2f}" for x in values or [])


def _scale_key(scale: str) -> float:
    try:
        return float(scale)
    except ValueError:
        return -1.0


def _rps(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def _ms(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def _n(v: int | None) -> str:
    return "?" if v is None else f"{v:,}"


def _x(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}×"


def _pct_value(v: float | None) -> float | None:
    return None if v is None else v * 100


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.0f} %"


def _cache_status_heading(run: dict) -> str:
    statuses = run["proxy"]["cache_status"].values()
    if any("first" in status for status in statuses):
        return (
            "What the application sent, and the cache's answer (X-Cache-Status) to the first "
            "request (with its HTTP status), to the same request right after it, to one with "
            "a `sessionid` cookie, and to one after the timed requests:"
        )
    return (  # runs recorded before the first and last requests were
        "What the application sent, and the cache's answer (X-Cache-Status) to a repeated "
        "request and to one with a `sessionid` cookie:"
    )
