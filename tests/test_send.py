"""`bulletin send`: a real SMTP server on localhost (aiosmtpd) that refuses one address."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin.cli import main

controller_mod = pytest.importorskip("aiosmtpd.controller")

ROOT = Path(__file__).resolve().parents[1]
EDITION = "2026-011"
REFUSED = "nobody@qinghe.example"


class Recorder:
    """Keeps every message; refuses one recipient."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address == REFUSED:
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    handler = Recorder()
    port = _free_port()
    controller = controller_mod.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def send(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["send", EDITION, "--repo", str(ROOT), *args])
    return result.exit_code, result.output


def test_send_reports_each_recipient(smtp: tuple[Recorder, int]) -> None:
    handler, port = smtp
    code, out = send("--to", "office@qinghe.example", "--to", REFUSED,
                     "--smtp", f"127.0.0.1:{port}", "--from", "bulletin@qinghe.example")
    assert code == 1, out
    assert "office@qinghe.example: sent" in out
    assert f"{REFUSED}: refused: 550 no such user" in out
    assert len(handler.messages) == 1
    rcpts, raw = handler.messages[0]
    assert rcpts == ["office@qinghe.example"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["To"] == "office@qinghe.example"
    assert msg["Subject"] == "Qinghe Municipal Information Bulletin 2026 No. 11 [INTERNAL]"
    assert msg["X-Classification"] == "INTERNAL"
    assert msg["From"].addresses[0].addr_spec == "bulletin@qinghe.example"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]


def test_send_all_delivered(smtp: tuple[Recorder, int]) -> None:
    handler, port = smtp
    code, out = send("--to", "a@qinghe.example", "--to", "b@qinghe.example",
                     "--smtp", f"127.0.0.1:{port}")
    assert code == 0, out
    assert out.splitlines() == ["a@qinghe.example: sent", "b@qinghe.example: sent"]
    assert [r for r, _ in handler.messages] == [["a@qinghe.example"], ["b@qinghe.example"]]


def test_send_cannot_connect() -> None:
    port = _free_port()  # nothing listens there
    code, out = send("--to", "a@qinghe.example", "--smtp", f"127.0.0.1:{port}")
    assert code == 2
    assert f"cannot connect to the SMTP server 127.0.0.1:{port}" in out


def test_send_bad_server_option() -> None:
    code, out = send("--to", "a@qinghe.example", "--smtp", "localhost:smtp")
    assert code == 2
    assert "HOST:PORT" in out
