"""`make server` and `make serve` honour an exported PREFECT_API_URL, checked with `make -n` (a dry run: the
commands are printed, not run)."""

from __future__ import annotations

import os
import subprocess

import pytest

from .conftest import REPO

DEFAULT_API = "http://127.0.0.1:4200/api"
OTHER_SERVER = "http://prefect.example.org:4200/api"


def dry_run(target: str, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`make -n TARGET ARGS` in the repo, with only the given PREFECT_* variables exported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "MAKE", "MFLAGS"))}
    env.update(environment)
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(REPO), target, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def command_of(result: subprocess.CompletedProcess[str], program: str) -> str:
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if program in line and "echo" not in line]
    return line


def test_serve_registers_with_the_local_server_by_default() -> None:
    line = command_of(dry_run("serve"), "-m flows.deployments")
    assert f"PREFECT_API_URL={DEFAULT_API} " in line


def test_serve_registers_with_an_exported_prefect_api_url() -> None:
    result = dry_run("serve", PREFECT_API_URL=OTHER_SERVER)
    line = command_of(result, "-m flows.deployments")
    assert f"PREFECT_API_URL={OTHER_SERVER} " in line
    assert "127.0.0.1" not in line
    assert f"registering the deployments with the Prefect server at {OTHER_SERVER}" in result.stdout


def test_an_empty_prefect_api_url_counts_as_unset() -> None:
    line = command_of(dry_run("serve", PREFECT_API_URL=""), "-m flows.deployments")
    assert f"PREFECT_API_URL={DEFAULT_API} " in line


def test_prefect_port_moves_the_local_server_and_its_clients() -> None:
    serve = command_of(dry_run("serve", "PREFECT_PORT=4300"), "-m flows.deployments")
    assert "PREFECT_API_URL=http://127.0.0.1:4300/api " in serve
    server = command_of(dry_run("server", "PREFECT_PORT=4300"), "prefect server start")
    assert server.endswith("prefect server start --host 127.0.0.1 --port 4300")


def test_server_starts_on_the_port_of_a_local_prefect_api_url() -> None:
    for url in ("http://127.0.0.1:4311/api", "http://localhost:4311/api/"):
        line = command_of(dry_run("server", PREFECT_API_URL=url), "prefect server start")
        assert line.endswith("prefect server start --host 127.0.0.1 --port 4311"), url  # loopback only, always
        assert f"PREFECT_API_URL={url} " in line and f"PREFECT_UI_API_URL={url} " in line


def test_server_starts_on_the_default_port_when_nothing_is_set() -> None:
    line = command_of(dry_run("server"), "prefect server start")
    assert line.endswith("prefect server start --host 127.0.0.1 --port 4200")
    assert f"PREFECT_API_URL={DEFAULT_API} " in line


@pytest.mark.parametrize(
    "url", [OTHER_SERVER, "https://127.0.0.1:4200/api", "http://127.0.0.1/api", "http://0.0.0.0:4200/api"]
)
def test_server_refuses_a_prefect_api_url_it_cannot_be(url: str) -> None:
    result = dry_run("server", PREFECT_API_URL=url)
    assert result.returncode != 0
    assert "prefect server start" not in result.stdout
    assert f"make server starts a server on this machine only (http://127.0.0.1:PORT/api), not one at {url}" in (
        result.stderr
    )


@pytest.mark.parametrize("target", ["server", "serve"])
def test_a_prefect_port_that_contradicts_the_exported_url_is_refused(target: str) -> None:
    result = dry_run(target, "PREFECT_PORT=4300", PREFECT_API_URL="http://127.0.0.1:4200/api")
    assert result.returncode != 0
    assert "PREFECT_PORT=4300 and PREFECT_API_URL=http://127.0.0.1:4200/api name different servers" in result.stderr
    agreeing = dry_run(target, "PREFECT_PORT=4200", PREFECT_API_URL="http://127.0.0.1:4200/api")
    assert agreeing.returncode == 0, agreeing.stderr


def test_run_stays_in_ephemeral_mode() -> None:
    line = command_of(dry_run("run"), "-m flows.process_articles")
    assert "PREFECT_API_URL" not in line
