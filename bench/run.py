"""`make bench`: Smartby under load, beside the anchors, written to bench/REPORT.md.

For each scale (BENCH_SCALES, default "1 100") and database (BENCH_DATABASES, default
"sqlite postgresql"): the seeded data (`migrate`, `loadrefs`, `seed --scale N`, or `demo`
while there is no seed command) is loaded once and kept in var/bench/ under a key of the
files it is made from, and each run works on a copy of it (`migrate`, `collectstatic`);
BENCH_FRESH=1 loads it again. Smartby is served with production
settings by gunicorn (2 workers) and every key URL is timed with wrk at 1, 16 and 64
connections for BENCH_DURATION seconds (default 15) after a warm-up, while the server's
memory (master + workers) is sampled every 0.2 s. Then the home and case pages are timed
through deploy/nginx/smartby.conf. Once per scale, on the same data: Datasette serving the
public cases with the equivalent faceted full-text query, and nginx serving the rendered
case page as a static file. Everything started here is stopped in `finally`.

`bench/run.py prepare` only loads and keeps what var/bench/ does not hold yet.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
SCALES = (os.environ.get("BENCH_SCALES") or "1 100").split()
DATABASES = (os.environ.get("BENCH_DATABASES") or "sqlite postgresql").split()
DURATION = int(os.environ.get("BENCH_DURATION") or "15")
WARMUP = 2  # seconds of load before each timed endpoint, at 16 connections
CONNECTIONS = (1, 16, 64)
WORKERS = 2
# The seeded databases, kept between runs (var/ is not in git): sqlite-SCALE-KEY.sqlite3,
# PostgreSQL's data directory pg/ (databases seed_SCALE_KEY) and a SCALE-KEY.json of each.
CACHE = ROOT / "var" / "bench"
FRESH = os.environ.get("BENCH_FRESH") == "1"  # load again, replacing what is kept
SEED = 1  # `smartby seed --seed`, its default
# The files the seeded data is made from (paths relative to the repository): another byte
# in one of them, another data key, another load.
# What the seeded rows are made from: the seed and the demo vocabulary, the reference data
# and the code the seed and loadrefs compute rows with. The schema is not part of it: a kept
# database is brought up to date by `migrate` on every run, as an operator's would be. A
# change to how text is stemmed (smartby/core/search.py) needs BENCH_FRESH=1.
DATA_FILES = re.compile(
    r"smartby/(?:demo/.+|reference/data/.+|reference/management/commands/loadrefs\.py"
    r"|catalog/quality\.py|catalog/vocabularies\.py|assessments/scoring\.py|core/text\.py"
    r"|network/services/decisions\.py)"
)
# The server as scripts/pg-test-server.sh starts it (nothing here needs to be durable: a
# crash costs a new load), with the settings docs/performance.md recommends for a 2-core,
# 4 GB database host on SSD: a quarter of the memory for shared buffers, random reads
# priced as on SSD (otherwise a common word is read by scanning the whole table through a
# small ring of buffers, never kept), and no JIT (it only adds compile time to the short
# queries of a web application).
PG_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "shared_buffers": "1GB",
    "effective_cache_size": "3GB",
    "random_page_cost": "1.1",
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    "jit": "off",
}


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET without following redirects: status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until_up(port: int, path: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            if get(port, path)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer on port {port}")


class Services:
    """The servers started by this run, stopped in reverse order (process groups, so a
    gunicorn or nginx master takes its workers along)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()
        self.running.append((name, process))
        return process

    def stop(self, process: subprocess.Popen) -> None:
        self.running = [(n, p) for n, p in self.running if p is not process]
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        for _, process in reversed(self.running):
            self.stop(process)

    def tail(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


class MemorySampler(threading.Thread):
    """Sum of the resident memory of a process and its children, every 0.2 s; `take()`
    returns the peak since the last call (MiB)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = self.overall = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in processes if p.is_running())
            except psutil.Error:
                continue
            self.peak = max(self.peak, rss)
            self.overall = max(self.overall, rss)

    def take(self) -> float:
        peak, self.peak = self.peak, 0
        return round(peak / 2**20, 1)


class PathList:
    """Many paths asked in turn (bench/wrk-paths.lua), each run going on where the last one
    stopped, so that the next paths are ones no cache has seen lately. With `unique`, every
    request also gets its own `bench=` parameter, which Smartby ignores but its page cache
    does not (Datasette would take it for a column filter)."""

    def __init__(self, directory: Path, name: str, paths: list[str], unique: bool) -> None:
        self.file = directory / (re.sub(r"\W+", "-", name) + ".paths")
        self.file.write_text("\n".join(paths) + "\n")
        self.paths, self.unique, self.start = paths, unique, 0

    def check_paths(self) -> list[str]:
        return [
            p + ("&" if "?" in p else "?") + "bench=0" if self.unique else p for p in self.paths[:3]
        ]

    def wrk_args(self, threads: int) -> list[str]:
        return [str(self.file), str(self.start), str(threads)] + ["unique"] * self.unique


def wrk(port: int, target: str | PathList, connections: int, duration: int = DURATION) -> dict:
    threads = min(connections, 2)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    if isinstance(target, PathList):
        argv += ["-s", str(BENCH / "wrk-paths.lua"), f"http://127.0.0.1:{port}/"]
        argv += ["--", *target.wrk_args(threads)]
    else:
        argv += ["-s", str(BENCH / "wrk-summary.lua"), f"http://127.0.0.1:{port}{target}"]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    found = re.search(r"^BENCH_JSON (.*)$", done.stdout, re.MULTILINE)
    if not found:
        return {"connections": connections, "failed": (done.stderr or done.stdout)[-300:]}
    s = json.loads(found.group(1))
    if isinstance(target, PathList):
        target.start += s["requests"] // threads
    errors = s["status"] + s["connect"] + s["read"] + s["write"] + s["timeout"]
    return {
        "connections": connections,
        "requests": s["requests"],
        "rps": round(s["requests"] / (s["duration_us"] / 1e6), 1),
        "p50_ms": s["p50_us"] / 1000,
        "p95_ms": s["p95_us"] / 1000,
        "p99_ms": s["p99_us"] / 1000,
        "errors": errors,
        "error_detail": {k: s[k] for k in ("status", "connect", "read", "write", "timeout")},
    }


def measure(port: int, target: str | PathList, sampler: MemorySampler | None = None) -> list[dict]:
    """Check the URL (the first ones of a list) answers 200, warm up, then time it at each
    number of connections."""
    checks = target.check_paths() if isinstance(target, PathList) else [target] * 10
    for path in checks:
        try:
            status = get(port, path)[0]
        except OSError as exc:  # no answer in time: this row fails, the run goes on
            return [{"failed": f"{path} did not answer ({exc}); not timed"}]
        if status != 200:
            return [{"failed": f"{path} answered {status}, not 200; not timed"}]
    wrk(port, target, 16, WARMUP)
    rows = []
    for connections in CONNECTIONS:
        if sampler:
            sampler.take()
        row = wrk(port, target, connections)
        if sampler:
            row["peak_rss_mib"] = sampler.take()
        rows.append(row)
    return rows


class PostgreSQL:
    """The benchmark's PostgreSQL server, started as scripts/pg-test-server.sh does (as
    root, the server runs as the `postgres` user), but with its data directory kept in
    var/bench/pg/ so that the seeded databases outlive the run: initdb only when it is
    missing, from another major version or does not start. The socket and the server log
    are in a temporary directory."""

    def __init__(self) -> None:
        initdb = max(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)
        self.bin = initdb.parent
        self.version = re.findall(r"\d+\.\d+", _output(self.bin / "postgres", "--version"))[0]
        self.major = self.version.split(".")[0]
        self.as_owner: list[str] = []
        self.dir = Path(tempfile.mkdtemp(prefix="smartby-bench-pg."))
        if os.getuid() == 0:
            if subprocess.run(["id", "postgres"], capture_output=True).returncode:
                subprocess.run(
                    ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent"]
                    + ["--shell", "/usr/sbin/nologin", "postgres"],
                    check=True,
                )
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self.data = CACHE / "pg"
        self.started = False

    def start(self) -> None:
        """Start the server on var/bench/pg/ (made first if need be), and drop the working
        databases an interrupted run left there."""
        if self._call("pg_ctl", "-D", str(self.data), "status").returncode == 0:
            log("stopping the PostgreSQL server an interrupted run left on var/bench/pg/")
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        if not self._usable():
            self._initdb()
        try:
            self._start()
        except RuntimeError as exc:
            reason = " ".join(str(exc).split())[-300:]
            log(f"PostgreSQL did not start on var/bench/pg/ ({reason}): a new data directory")
            self._initdb()
            self._start()
        for name in self.databases():
            if name not in ("postgres", "template0", "template1") and not name.startswith("seed_"):
                log(f"dropping the database {name} an interrupted run left")
                self.drop(name)

    def _usable(self) -> bool:
        version = self.data / "PG_VERSION"
        if not version.is_file():
            if self.data.exists():
                log("var/bench/pg/ is no PostgreSQL data directory: a new one")
            return False
        found = version.read_text().strip()
        if found != self.major:
            log(f"var/bench/pg/ is from PostgreSQL {found}, this is {self.major}: a new one")
            return False
        return True

    def _initdb(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)
        self.data.mkdir(mode=0o700, parents=True)
        if self.as_owner:
            shutil.chown(self.data, "postgres")
        self._run(
            "initdb", f"--pgdata={self.data}", "--username=postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def _start(self) -> None:
        options = f"-p {self.port} -k {self.dir} "
        options += " ".join(f"-c {k}={v}" for k, v in PG_SETTINGS.items())
        log_file = self.dir / "server.log"
        try:
            self._run("pg_ctl", "-D", str(self.data), "-l", str(log_file), "-o", options, "-w",
                      "start")  # fmt: skip
        except RuntimeError as exc:
            tail = log_file.read_text(errors="replace")[-500:] if log_file.exists() else ""
            raise RuntimeError(f"{exc} {tail}".strip()) from None
        self.started = True

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def databases(self) -> list[str]:
        query = "SELECT datname FROM pg_database ORDER BY datname"
        return self._run("psql", *self._client, "-d", "postgres", "-Atc", query).split()

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (a file copy of `template` if given); its URL."""
        args = ["-T", template] if template else []
        args += ["--strategy=file_copy"] if template and int(self.major) >= 15 else []
        self._run("createdb", *self._client, *args, name)
        return self.url(name)

    def drop(self, name: str) -> None:
        self._run("dropdb", *self._client, "--if-exists", "--force", name)

    def stop(self) -> None:
        """Stop the server; its data directory stays."""
        if self.started and (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def _client(self) -> list[str]:
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]

    def _call(self, program: str, *args: str) -> subprocess.CompletedProcess:
        argv = [*self.as_owner, str(self.bin / program), *args]
        return subprocess.run(argv, capture_output=True, text=True, check=False)

    def _run(self, program: str, *args: str) -> str:
        done = self._call(program, *args)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stdout[-500:]}{done.stderr[-1500:]}")
        return done.stdout


def _version(path: Path) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", str(path))]


def _output(*argv: str | Path) -> str:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).strip()


def smartby_env(var_dir: Path, database_url: str) -> dict:
    """Production settings, as an operator would run them behind a proxy on this host."""
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartby.settings",
        "SMARTBY_PRODUCTION": "1",
        "SMARTBY_SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "SMARTBY_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SMARTBY_SSL_REDIRECT": "0",  # plain HTTP on the loopback; TLS is the proxy's
        "SMARTBY_VAR_DIR": str(var_dir),
        "SMARTBY_DATABASE_URL": database_url,
        "SMARTBY_DB_CONN_MAX_AGE": "600",
        "SMARTBY_LOG_LEVEL": "WARNING",
    }


def smartby(env: dict, *args: str, quiet: bool = False) -> str:
    done = subprocess.run(
        [PYTHON, "-m", "smartby", *args], env=env, cwd=ROOT, text=True, check=False,
        stdout=subprocess.PIPE if quiet else None, stderr=subprocess.PIPE if quiet else None,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"smartby {' '.join(args)} failed: {(done.stderr or '')[-1500:]}")
    return done.stdout or ""


def has_seed_command() -> bool:
    done = subprocess.run(
        [PYTHON, "-m", "smartby", "help", "seed"], cwd=ROOT, capture_output=True, check=False
    )
    return done.returncode == 0


def data_key(scale: str) -> str:
    """What the seeded data at `scale` is made from: the scale, the seed and the paths and
    bytes of DATA_FILES (as git lists them, new files included), 16 hex digits of their
    sha256."""
    digest = hashlib.sha256(f"scale {scale}\nseed {SEED}\n".encode())
    for name in sorted(n for n in _repo_files("smartby") if DATA_FILES.fullmatch(n)):
        if (ROOT / name).is_file():
            data = (ROOT / name).read_bytes()
            digest.update(f"{name} {len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()[:16]


def seeded(database: str, scale: str, pg: PostgreSQL | None) -> tuple[dict, bool]:
    """The seeded data at `scale` kept in var/bench/ for `database`, loaded first when it is
    not kept there under the current data key (or BENCH_FRESH=1): its metadata (key,
    load_seconds, date) and whether it was kept already."""
    key = data_key(scale)
    meta_file = CACHE / f"{database}-{scale}-{key}.json"
    if not FRESH and meta_file.exists() and _kept(database, scale, key, pg):
        meta = json.loads(meta_file.read_text())
        log(f"{database}, scale {scale}: the data kept in var/bench/ (key {key}), loaded "
            f"on {meta['date']} in {_duration(meta['load_seconds'])}")  # fmt: skip
        return meta, True
    forget(database, scale, pg)
    log(f"{database}, scale {scale}: loading (migrate, loadrefs, seed), to keep in "
        f"var/bench/ (key {key})")  # fmt: skip
    seconds = load_seed(database, scale, key, pg)
    meta = {"database": database, "scale": scale, "seed": SEED, "key": key}
    meta.update(load_seconds=seconds, date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    partial = meta_file.with_name(meta_file.name + ".partial")
    partial.write_text(json.dumps(meta, indent=1) + "\n")
    partial.replace(meta_file)
    log(f"{database}, scale {scale}: loaded in {_duration(seconds)}")
    return meta, False


def _kept(database: str, scale: str, key: str, pg: PostgreSQL | None) -> bool:
    if pg:
        return seed_name(scale, key) in pg.databases()
    return sqlite_file(scale, key).is_file()


def sqlite_file(scale: str, key: str) -> Path:
    return CACHE / f"sqlite-{scale}-{key}.sqlite3"


def seed_name(scale: str, key: str) -> str:
    return f"seed_{scale.replace('.', '_')}_{key}"


def forget(database: str, scale: str, pg: PostgreSQL | None) -> None:
    """Remove what var/bench/ keeps of `database` at `scale`, whatever its key (at scale 100
    that is several GB)."""
    kept = re.compile(rf"{database}-{re.escape(scale)}-[0-9a-f]{{16}}\.(?:json|sqlite3)")
    for path in CACHE.glob(f"{database}-*") if CACHE.exists() else []:
        if kept.fullmatch(path.name):
            log(f"removing var/bench/{path.name}")
            path.unlink()
    if pg:
        seeds = re.compile(rf"seed_{re.escape(scale.replace('.', '_'))}_[0-9a-f]{{16}}")
        for name in filter(seeds.fullmatch, pg.databases()):
            log(f"dropping the database {name}")
            pg.drop(name)


def load_seed(database: str, scale: str, key: str, pg: PostgreSQL | None) -> float:
    """Load the data at `scale` into the database var/bench/ keeps (sqlite_file or
    seed_name): the seconds it took. Nothing is kept when it fails."""
    loading = CACHE / f"loading-{database}-{scale}"
    shutil.rmtree(loading, ignore_errors=True)
    db = loading / "smartby.sqlite3"
    try:
        url = pg.create(seed_name(scale, key)) if pg else f"sqlite:///{db}"
        seconds = fresh_load(smartby_env(loading, url), scale)
        if not pg:
            checkpoint(db)
            db.replace(sqlite_file(scale, key))
        return seconds
    except BaseException:
        if pg:
            with contextlib.suppress(RuntimeError):
                pg.drop(seed_name(scale, key))
        raise
    finally:
        shutil.rmtree(loading, ignore_errors=True)


def fresh_load(env: dict, scale: str) -> float:
    """Migrate, reference data, the data for `scale`: the seconds it took."""
    started = time.monotonic()
    smartby(env, "migrate", "--noinput", "--verbosity=0")
    smartby(env, "loadrefs", quiet=True)
    if scale == "demo":
        smartby(env, "demo", quiet=True)
    else:
        smartby(env, "seed", "--scale", scale, "--seed", str(SEED))
    return round(time.monotonic() - started, 1)


def checkpoint(db: Path) -> None:
    """Write SQLite's WAL into the database file, so that the file alone holds the data."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise RuntimeError(f"{db}: the WAL checkpoint could not finish (database busy)")


def working_database(
    database: str, scale: str, var_dir: Path, pg: PostgreSQL | None, name: str
) -> tuple[str, dict, bool]:
    """The run's own copy of the seeded data at `scale` (loaded first if var/bench/ does not
    keep it yet): its URL, the metadata of the data kept, and whether it was kept already."""
    meta, kept = seeded(database, scale, pg)
    log(f"{database}, scale {scale}: a working copy of the data")
    var_dir.mkdir(parents=True, exist_ok=True)
    if pg:
        pg.drop(name)
        url = pg.create(name, template=seed_name(scale, meta["key"]))
    else:
        url = f"sqlite:///{var_dir / 'smartby.sqlite3'}"
        copy = ["cp", "--reflink=auto", str(sqlite_file(scale, meta["key"]))]
        subprocess.run([*copy, str(var_dir / "smartby.sqlite3")], check=True)
    return url, meta, kept


def collect_static(env: dict) -> str | None:
    """`collectstatic`: why it failed with the real settings if it did (the run then goes on
    with bench/fallback_settings.py: `env` is changed)."""
    try:
        smartby(env, "collectstatic", "--noinput", "--verbosity=0", quiet=True)
        return None
    except RuntimeError as exc:
        errors = re.findall(r"^[\w.]*Error: .*$", str(exc), re.MULTILINE)
        reason = re.sub(r" with <[^>]*>", "", errors[-1] if errors else str(exc)[-300:])
        log(f"collectstatic failed with the production settings ({reason}); going on "
            "with bench/fallback_settings.py")  # fmt: skip
        env.update(DJANGO_SETTINGS_MODULE="fallback_settings", PYTHONPATH=str(BENCH))
        smartby(env, "collectstatic", "--noinput", "--verbosity=0", quiet=True)
        return reason


def _duration(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.0f} min"


def probe(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, str(BENCH / "probe.py"), *args], env=env, cwd=ROOT,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"bench/probe.py {args[0]} failed: {done.stderr[-1500:]}")
    return done.stdout


def nginx(services: Services, work: Path, name: str, site: str, **values: str) -> int:
    """Start nginx with bench/nginx.conf around `site` (a template); its port."""
    prefix = work / name
    prefix.mkdir()
    port = free_port()
    site_file = prefix / "site.conf"
    site_file.write_text(fill(site, listen=f"127.0.0.1:{port}", **values))
    user = f"user {psutil.Process().username()};" if os.geteuid() == 0 else ""
    main = fill(
        (BENCH / "nginx.conf").read_text(),
        workers=str(os.cpu_count() or 1), user=user, prefix=str(prefix), site=str(site_file),
    )  # fmt: skip
    (prefix / "nginx.conf").write_text(main)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    argv = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
    process = services.start(name, argv)
    wait_until_up(port, "/", process, name)
    return port


def fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    if left := re.findall(r"{{\w+}}", template):
        raise RuntimeError(f"template values missing: {left}")
    return template


def bench_smartby(
    database: str, scale: str, work: Path, pg: PostgreSQL | None, export: bool
) -> dict:
    """Load, serve and time Smartby on one database at one scale; with `export`, also
    write the public cases for Datasette."""
    tag = f"{database}-{scale}".replace(".", "_")
    var_dir = work / tag
    db_name = f"smartby_{tag.replace('-', '_')}"
    services = Services(work)
    sampler = None
    try:
        url, meta, kept = working_database(database, scale, var_dir, pg, db_name)
        env = smartby_env(var_dir, url)
        # A no-op on the same migrations, which also installs the triggers again.
        smartby(env, "migrate", "--noinput", "--verbosity=0")
        static_failure = collect_static(env)
        run: dict = {"database": database, "scale": scale}
        run.update(load_seconds=meta["load_seconds"], load_cached=kept)
        if static_failure:
            run["collectstatic_failed"] = static_failure
        run["env"] = {k: v for k, v in env.items() if k.startswith("SMARTBY_") and "KEY" not in k}
        info = json.loads(probe(env, "info"))
        run.update(counts=info["counts"], case_query=info["case_query"])
        run.update(dataset_query=info["dataset_query"], paths=info["paths"])
        run["case_queries"] = info["case_queries"]

        port = free_port()
        argv = [PYTHON, "-m", "gunicorn", "smartby.wsgi:application", "--bind"]
        # A worker builds its facet bitmaps on its first search: at scale 100 that takes tens
        # of seconds, which gunicorn's default timeout (30 s) would take for a hung worker.
        argv += [f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", "300"]
        server = services.start(f"gunicorn-{tag}", argv, env)
        wait_until_up(port, "/healthz", server, "gunicorn")
        sampler = MemorySampler(server.pid)
        sampler.start()
        run["warm_up_seconds"] = warm_up(port, info)
        run["hits"] = {
            "case search": _api_count(port, info["api_case_query"]),
            "dataset search": _api_count(port, info["api_dataset_query"]),
        }
        run["headers"] = {
            name: _cache_headers(get(port, path)[1])
            for name, path in info["paths"].items()
            if name in ("home", "case detail") and path
        }
        run["endpoints"] = {}
        lists = uncached_lists(work / f"lists-{tag}", info)
        run["lists"] = {name: {"count": len(pl.paths), "first": pl.paths[0]} for name, pl in lists}
        targets: list[tuple[str, str | PathList | None]] = []
        for name, path in info["paths"].items():  # each search, then the same uncached
            targets += [(name, path), *((n, pl) for n, pl in lists if n == f"{name}, uncached")]
        for name, target in targets:
            log(f"{database}, scale {scale}: {name} {getattr(target, 'file', target)}")
            rows = measure(port, target, sampler) if target else [{"failed": "no such row"}]
            run["endpoints"][name] = rows
        run["proxy"] = bench_proxy(services, work / f"proxy-{tag}", port, var_dir, info, sampler)
        case_path = info["paths"]["case detail"]
        run["case_page"] = get(port, case_path)[2].decode("utf-8") if case_path else None
        run["peak_rss_mib"] = round(sampler.overall / 2**20, 1)
        if export:  # Datasette names the database after the file: /db/cases
            (work / f"datasette-{tag}").mkdir()
            run["datasette_db"] = str(work / f"datasette-{tag}" / "db.db")
            probe(env, "export", run["datasette_db"])
        return run
    finally:
        if sampler:
            sampler.done.set()
        services.stop_all()
        if pg:
            pg.drop(db_name)
        shutil.rmtree(var_dir, ignore_errors=True)


def warm_up(port: int, info: dict) -> float:
    """Search on every worker at once before anything is timed: each builds its facet
    bitmaps on its first search, and the rows should time the steady state, not a worker
    that is still building. The seconds it took: the cold start a fresh server has."""
    paths = [info["paths"].get("case search"), info["paths"].get("dataset search")]
    paths.append(info.get("api_case_query"))
    started = time.monotonic()

    def ask(n: int) -> None:
        for path in filter(None, paths):
            get(port, path + ("&" if "?" in path else "?") + f"warm={n}")

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2 * WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = round(time.monotonic() - started, 1)
    log(f"first searches on every worker (building the bitmaps): {seconds} s")
    return seconds


def uncached_lists(directory: Path, info: dict) -> list[tuple[str, PathList]]:
    """The searches again, each request a different query with its own facet values (from
    probe.py), so that neither the page cache nor the cache of text hits answers."""
    directory.mkdir()
    cases, datasets = info["case_queries"], info["dataset_queries"]
    return [
        (name, PathList(directory, name, paths, unique=True))
        for name, paths in [
            ("case search, uncached", [f"/en/cases/?{urlencode(q)}" for q in cases]),
            ("dataset search, uncached", [f"/en/data/?{urlencode(q)}" for q in datasets]),
            ("api case search, uncached", [f"/api/v1/cases?q={quote(q['q'])}" for q in cases]),
        ]
        if paths
    ]


def _api_count(port: int, path: str) -> int | None:
    status, _, body = get(port, path)
    return json.loads(body).get("count") if status == 200 else None


def _cache_headers(headers: dict) -> dict:
    wanted = ("Cache-Control", "ETag", "Last-Modified", "Vary", "Set-Cookie", "Expires")
    lower = {k.lower(): v for k, v in headers.items()}
    return {k: lower[k.lower()] for k in wanted if k.lower() in lower}


def bench_proxy(
    services: Services, prefix: Path, port: int, var_dir: Path, info: dict, sampler
) -> dict:
    """Home and case page through deploy/nginx/smartby.conf in front of the server."""
    prefix.mkdir()
    proxy = nginx(
        services, prefix, "nginx-proxy", (ROOT / "deploy/nginx/smartby.conf").read_text(),
        server_name="127.0.0.1 localhost", upstream=f"127.0.0.1:{port}",
        static_root=str(var_dir / "static"), cache_dir=str(prefix / "cache"),
    )  # fmt: skip
    result: dict = {"cache_status": {}, "endpoints": {}}
    for name in ("home", "case detail"):
        path = info["paths"][name]
        if not path:
            continue
        status, headers, _ = get(proxy, path)
        first = f"{status} {headers.get('X-Cache-Status', '-')}"
        repeat = get(proxy, path)[1].get("X-Cache-Status", "-")
        signed_in = get(proxy, path, {"Cookie": "sessionid=x"})[1].get("X-Cache-Status", "-")
        log(f"through the proxy cache: {name} (first request: {first}, repeat: {repeat})")
        result["endpoints"][name] = measure(proxy, path, sampler)
        after = get(proxy, path)[1].get("X-Cache-Status", "-")
        result["cache_status"][name] = {
            "first": first, "repeat": repeat, "with sessionid": signed_in, "after the load": after
        }  # fmt: skip
    return result


def bench_anchors(run: dict, work: Path) -> dict:
    """Datasette on the same public cases with the same query, and nginx with the page."""
    work.mkdir()
    services = Services(work)
    anchors: dict = {}
    try:
        port = free_port()
        path = datasette_path(run["case_query"])
        queries = PathList(
            work, "datasette", [datasette_path(q) for q in run["case_queries"]], False
        )
        argv = [str(Path(PYTHON).parent / "datasette"), "serve", "-i", run["datasette_db"]]
        argv += ["-h", "127.0.0.1", "-p", str(port)]
        for setting, value in DATASETTE_SETTINGS.items():
            argv += ["--setting", setting, value]
        datasette = services.start("datasette", argv)
        wait_until_up(port, "/", datasette, "datasette")
        status, _, body = get(port, path.replace("/db/cases?", "/db/cases.json?"))
        hits = json.loads(body).get("filtered_table_rows_count") if status == 200 else None
        log(f"anchor: Datasette {path}")
        anchors["datasette"] = {"path": path, "hits": hits, "rows": measure(port, path)}
        if queries.paths:
            log(f"anchor: Datasette, {len(queries.paths)} queries in turn")
            anchors["datasette, query list"] = {
                "path": queries.paths[0],
                "count": len(queries.paths),
                "rows": measure(port, queries),
            }
        services.stop(datasette)

        if not run["case_page"]:
            return anchors
        root = work / "static-root"
        page = root / run["paths"]["case detail"].strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(run["case_page"], encoding="utf-8")
        static = (BENCH / "static-site.conf").read_text()
        port = nginx(services, work, "nginx-static", static, root=str(root))
        log(f"anchor: nginx static {run['paths']['case detail']}")
        anchors["nginx static"] = {
            "path": run["paths"]["case detail"],
            "rows": measure(port, run["paths"]["case detail"]),
        }
    finally:
        services.stop_all()
    return anchors


def datasette_path(q: dict) -> str:
    """The case search as Datasette's table page: the text, the same three filters (themes
    as a JSON array), four facets counted."""
    params = [("_search", q["q"]), ("_facet_array", "themes")]
    params += [("_facet", "phase"), ("_facet", "status"), ("_facet", "country")]
    if q.get("theme"):
        params.append(("themes__arraycontains", q["theme"]))
    params += [(k, q[k]) for k in ("phase", "country") if q.get(k)]
    return "/db/cases?" + urlencode(params)


DATASETTE_SETTINGS = {
    "sql_time_limit_ms": "5000",
    "facet_time_limit_ms": "5000",
    "suggest_facets": "off",
    "default_page_size": "20",  # Smartby's page size
}


def tree_state() -> str:
    """A fingerprint of the application's files (size and modification time), to notice
    when someone changes the code during a run."""
    digest = hashlib.sha256()
    for name in sorted(_repo_files("smartby")):
        if (ROOT / name).is_file():
            stat = (ROOT / name).stat()
            digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _repo_files(directory: str) -> list[str]:
    """The files of `directory` git knows or would add (ignored ones left out)."""
    argv = ["git", "-C", str(ROOT), "ls-files", "-z", "-co", "--exclude-standard", directory]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return [name for name in done.stdout.split("\0") if name]


def machine(pg: PostgreSQL | None) -> dict:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    os_name = re.search(r'PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text())
    commit = _output("git", "-C", ROOT, "rev-parse", "--short", "HEAD")
    dirty = _output("git", "-C", ROOT, "status", "--porcelain")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" with uncommitted changes" if dirty else ""),
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{os_name.group(1) if os_name else platform.system()}, Linux {platform.release()}",
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "gunicorn": f"{metadata.version('gunicorn')}, {WORKERS} sync workers",
        "sqlite": sqlite3.sqlite_version,
        "postgresql": f"{pg.version} ({', '.join(f'{k}={v}' for k, v in PG_SETTINGS.items())})"
        if pg
        else None,
        "datasette": metadata.version("datasette"),
        "nginx": _output(shutil.which("nginx") or "/usr/sbin/nginx", "-v").split("/")[-1],
        "wrk": _output("wrk", "--version").split()[1],
        "duration_s": DURATION,
        "warmup_s": WARMUP,
        "connections": CONNECTIONS,
    }


def lock_cache():
    """Hold var/bench/lock until this process ends: two runs would share its PostgreSQL
    server and files (and the CPU)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    lock = open(CACHE / "lock", "w")  # noqa: SIM115 (held until the process ends)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit("another bench/run.py is using var/bench/; wait for it to finish")
    return lock


def prepare(scales: list[str]) -> int:
    """`bench/run.py prepare`: load and keep in var/bench/ each scale × database it does not
    keep yet; nothing is timed."""
    pg = PostgreSQL() if "postgresql" in DATABASES else None
    failed = False
    try:
        if pg:
            pg.start()
            log(f"PostgreSQL {pg.version} on port {pg.port}")
        for scale in scales:
            for database in DATABASES:
                try:
                    seeded(database, scale, pg if database == "postgresql" else None)
                except Exception as exc:
                    log(f"{database}, scale {scale} failed: {exc}")
                    failed = True
    finally:
        if pg:
            pg.stop()
    log("some data could not be loaded" if failed else "var/bench/ keeps every scale asked for")
    return 1 if failed else 0


def combine(paths: list[str]) -> int:
    """`bench/run.py combine A.json B.json [BEFORE.json]`: bench/REPORT.md and results.json
    from two runs of the same code made one after the other (say scale 1, then scale 100):
    B's runs and anchors, and A's for what B did not measure; the reproducibility section
    compares with BEFORE when given."""
    if len(paths) not in (2, 3):
        sys.exit("usage: bench/run.py combine A.json B.json [BEFORE.json]")
    first, second = (json.loads(Path(p).read_text()) for p in paths[:2])
    before = json.loads(Path(paths[2]).read_text()) if len(paths) == 3 else None
    measured = {(r["database"], r["scale"]) for r in second["runs"]}
    carried = [r for r in first["runs"] if (r["database"], r["scale"]) not in measured]
    results = dict(second)
    # Each run and each scale's anchors say which run measured them (a combined file's
    # runs keep what they said).
    results["runs"] = [{**r, "measured": r.get("measured", _source(first))} for r in carried] + [
        {**r, "measured": r.get("measured", _source(second))} for r in second["runs"]
    ]
    results["anchors"] = {**first["anchors"], **second["anchors"]}
    results["anchors_measured"] = {
        scale: (run.get("anchors_measured", {}).get(scale) or _source(run))
        for run in (first, second)
        for scale in run["anchors"]
    }
    results["carried_over"] = {
        "runs": [[r["database"], r["scale"]] for r in carried],
        "anchors": [s for s in first["anchors"] if s not in second["anchors"]],
    }
    results["machine"] = dict(second["machine"])
    results["machine"]["combined_from"] = sorted({r["measured"] for r in results["runs"]})
    (BENCH / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (BENCH / "REPORT.md").write_text(report.markdown(results, before))
    log("wrote bench/REPORT.md and bench/results.json from two runs")
    return 0


def _source(results: dict) -> str:
    machine = results["machine"]
    return f"{machine['date']}, commit {machine['commit']}"


def main(args: list[str]) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args[:1] == ["combine"]:
        return combine(args[1:])
    if args not in ([], ["prepare"]):
        sys.exit("usage: bench/run.py [prepare | combine A.json B.json [BEFORE.json]]")
    if unknown := set(DATABASES) - {"sqlite", "postgresql"}:
        sys.exit(f"BENCH_DATABASES: unknown {' '.join(sorted(unknown))} (sqlite, postgresql)")
    scales = SCALES if has_seed_command() else ["demo"]
    if scales == ["demo"]:
        log("no `smartby seed` command yet: timing the demo content instead of BENCH_SCALES")
    lock = lock_cache()  # noqa: F841 (held while it is referenced)
    if args == ["prepare"]:
        return prepare(scales)
    work = Path(tempfile.mkdtemp(prefix="smartby-bench."))
    pg = PostgreSQL() if "postgresql" in DATABASES else None
    results: dict = {"runs": [], "anchors": {}}
    failed = False
    code = tree_state()
    try:
        if pg:
            pg.start()
            log(f"PostgreSQL {pg.version} on port {pg.port}")
        results["machine"] = machine(pg)
        for scale in scales:
            for database in DATABASES:
                server = pg if database == "postgresql" else None
                try:
                    run = bench_smartby(
                        database, scale, work, server, export=scale not in results["anchors"]
                    )
                except Exception as exc:  # the report says which one failed, and why
                    log(f"{database}, scale {scale} failed: {exc}")
                    results["runs"].append(
                        {"database": database, "scale": scale, "error": str(exc)}
                    )
                    failed = True
                    continue
                if scale not in results["anchors"]:
                    try:
                        anchors = bench_anchors(run, work / f"anchors-{scale}")
                    except Exception as exc:
                        log(f"anchors at scale {scale} failed: {exc}")
                        anchors, failed = {"error": str(exc)}, True
                    results["anchors"][scale] = anchors
                run.pop("case_page")
                run.pop("case_queries")
                run.pop("datasette_db", None)
                results["runs"].append(run)
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_end"] = os.getloadavg()
    results["machine"]["code_changed_during_run"] = tree_state() != code
    previous = BENCH / "results.json"
    before = json.loads(previous.read_text()) if previous.exists() else None
    previous.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (BENCH / "REPORT.md").write_text(report.markdown(results, before))
    log("wrote bench/REPORT.md and bench/results.json")
    failed = failed or report.any_failed(results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
