"""A real, throwaway PostgreSQL server on a free 127.0.0.1 port, and the fixtures that use it.

`PgServer` runs Debian's binaries (/usr/lib/postgresql/<version>/bin) on a data directory
in a fresh temporary directory, trust auth on localhost, unix sockets in that directory.
PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(which Debian's `postgresql` package creates).
`evals/bench_store.py` imports `PgServer` from here too.

Fixtures (registered in tests/conftest.py):
- `pg_server` (session): the running server; skipped when the binaries are absent,
  but a FAILURE when the environment variable CI is set (CI must run these tests).
- `pg_db_url` (function): a fresh, empty database on that server for one test.
- `any_db_url` (function, parametrised "sqlite" / "postgresql"): a fresh database on each backend.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

PG_USER = "postgres"


def find_pg_bin() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: $PG_BIN if set, else the newest installed."""
    if os.environ.get("PG_BIN"):
        d = Path(os.environ["PG_BIN"])
        return d if all((d / b).is_file() for b in ("initdb", "pg_ctl", "postgres")) else None
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for d in candidates:
        if all((Path(d) / b).is_file() for b in ("initdb", "pg_ctl", "postgres")):
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """initdb + pg_ctl start on a free port; `stop()` shuts it down and removes everything."""

    def __init__(self, bin_dir: Path, durable: bool = False):
        self.bin_dir = bin_dir
        # Tests need no crash safety; the benchmark measures the server as configured by default.
        self.durable = durable
        # As root, a directory the postgres user can reach (TMPDIR may be a private 0700 one).
        base = "/tmp" if os.geteuid() == 0 and Path("/tmp").is_dir() else None
        self.root = Path(tempfile.mkdtemp(prefix="ua-pg-", dir=base))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._as_root = os.geteuid() == 0
        if self._as_root:  # PostgreSQL refuses to run as root
            shutil.chown(self.root, PG_USER, PG_USER)
            os.chmod(self.root, 0o700)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        # As root, drop to the postgres user in the child itself (no runuser/su, no PAM session).
        as_user = {"user": PG_USER, "group": PG_USER, "extra_groups": []} if self._as_root else {}
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120, cwd=self.root,
                              **as_user)

    def start(self) -> "PgServer":
        self._run("initdb", "-D", str(self.data), "-U", PG_USER, "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-instructions")
        options = ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}",
                   "-c", "max_connections=200"]
        if not self.durable:
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        for _attempt in range(5):  # another process may take the free port before the server binds it
            self.port = _free_port()
            proc = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                             "-o", " ".join([f"-p {self.port}", *options]), "start", check=False)
            if proc.returncode == 0:
                return self
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL did not start: {proc.stderr}\n{self.log_text()}")

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """CREATE DATABASE with a unique name; returns its SQLAlchemy URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={PG_USER} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests must run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server():
    bin_dir = find_pg_bin()
    if bin_dir is None:
        _unavailable("PostgreSQL binaries not found (apt-get install postgresql, or run scripts/test.sh)")
    server = None
    try:
        server = PgServer(bin_dir)  # as root this needs the `postgres` system user
        server.start()
    except Exception as exc:  # noqa: BLE001  (report why, then skip or fail)
        if server is not None:
            server.stop()
        _unavailable(f"could not start PostgreSQL from {bin_dir}: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_db_url(pg_server):
    """A fresh empty database for one test; its pooled connections are closed afterwards."""
    from store.db import dispose

    url = pg_server.create_database()
    yield url
    dispose(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path):
    """A fresh database on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_db_url")
        return
    from store.db import dispose

    url = f"sqlite:///{tmp_path / 'records.db'}"
    yield url
    dispose(url)
