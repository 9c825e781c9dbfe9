"""`python -m store.migrations autogen`: regenerate the initial revision from the models."""
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from . import HERE, alembic_config


def autogen() -> None:
    versions = HERE / "versions"
    for old in versions.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'autogen.db'}")
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
    for new in versions.glob("0001_*.py"):
        print(f"wrote {new}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] != ["autogen"]:
        sys.exit("usage: python -m store.migrations autogen")
    autogen()
