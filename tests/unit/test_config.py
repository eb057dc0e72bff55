"""Choosing the database and finding resources, from a checkout or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from recovery_desk import config


def test_the_db_flag_beats_the_environment_variable() -> None:
    env = {config.DATABASE_VARIABLE: "/srv/env.sqlite3"}
    assert config.choose_database("/tmp/flag.sqlite3", False, env) == "/tmp/flag.sqlite3"
    assert config.choose_database(None, False, env) == "/srv/env.sqlite3"


def test_without_either_the_database_is_in_the_user_data_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The demo has its own file there, so it never mixes with real records."""
    monkeypatch.setattr(config, "data_dir", lambda: tmp_path)
    real = config.choose_database(None, False, {})
    demo = config.choose_database(None, True, {config.DATABASE_VARIABLE: "/srv/real.sqlite3"})
    assert real == str(tmp_path / config.DATABASE_FILE)
    assert demo == str(tmp_path / config.DEMO_DATABASE_FILE)


def test_resources_are_found_in_a_checkout_and_in_a_bundle(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert config.resource_path("catalogue.json").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert config.resource_path("catalogue.json") == tmp_path / "resources" / "catalogue.json"
