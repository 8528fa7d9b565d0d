"""The production server's options from the environment (prudent.config.serve; issue #3,
Performance). Nothing is started here: bench/api_decisions.py runs the real command."""

from __future__ import annotations

import os

import pytest
from granian.constants import HTTPModes, Interfaces

from prudent.config.serve import TARGET, server_options


def test_the_defaults_serve_the_wsgi_application_on_localhost_one_worker_per_core() -> None:
    options = server_options({})
    assert options["target"] == TARGET == "prudent.config.wsgi:application"
    assert options["interface"] is Interfaces.WSGI
    assert (options["address"], options["port"]) == ("127.0.0.1", 8000)
    assert options["workers"] == (os.cpu_count() or 1)
    assert options["blocking_threads"] == 2
    assert options["http"] is HTTPModes.http1
    assert options["websockets"] is False
    assert options["respawn_failed_workers"] is True
    assert options["log_access"] is False
    assert options["http1_settings"].header_read_timeout == 30_000


def test_the_environment_sets_each_value() -> None:
    options = server_options(
        {
            "PRUDENT_BIND": "0.0.0.0:9000",
            "PRUDENT_WEB_WORKERS": "3",
            "PRUDENT_WEB_THREADS": "4",
            "PRUDENT_WEB_BACKLOG": "256",
            "PRUDENT_WEB_HEADER_TIMEOUT": "10",
            "PRUDENT_ACCESS_LOG": "1",
            "PRUDENT_LOG_LEVEL": "WARNING",
        }
    )
    assert (options["address"], options["port"]) == ("0.0.0.0", 9000)
    assert (options["workers"], options["blocking_threads"], options["backlog"]) == (3, 4, 256)
    assert options["http1_settings"].header_read_timeout == 10_000
    assert options["log_access"] is True
    assert options["log_level"].value == "warning"
    assert server_options({"PRUDENT_BIND": "[::1]:8001"})["address"] == "::1"


@pytest.mark.parametrize(
    "environ",
    [
        {"PRUDENT_BIND": "8000"},
        {"PRUDENT_BIND": "localhost:http"},
        {"PRUDENT_WEB_WORKERS": "0"},
        {"PRUDENT_WEB_THREADS": "-1"},
        {"PRUDENT_WEB_HEADER_TIMEOUT": "600"},
        {"PRUDENT_WEB_BACKLOG": "10"},
    ],
)
def test_a_bad_value_is_refused_before_anything_starts(environ: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="PRUDENT_"):
        server_options(environ)
