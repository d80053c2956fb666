"""Send an edition by SMTP, one message per recipient, reporting each."""

from __future__ import annotations

import contextlib
import copy
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from ..errors import UsageError

TIMEOUT = 30


@dataclass(frozen=True)
class Outcome:
    """What happened to one recipient: ``reason`` is None when the server took it."""

    recipient: str
    reason: str | None = None

    @property
    def sent(self) -> bool:
        return self.reason is None


def parse_server(value: str) -> tuple[str, int]:
    """``HOST:PORT`` (or ``HOST``, port 25)."""
    host, sep, port = value.rpartition(":")
    if not sep:
        return value, 25
    if not port.isdigit() or not host:
        raise UsageError(f"--smtp wants HOST:PORT, not '{value}'")
    return host.strip("[]"), int(port)


def _reason(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return f"{code} {text}".strip()


def send_message(msg: EmailMessage, recipients: Sequence[str], host: str, port: int,
                 starttls: bool = False, user: str | None = None,
                 password: str | None = None) -> list[Outcome]:
    """Send ``msg`` to each recipient in turn over one connection.

    A connection, TLS or login failure is a :class:`UsageError` (nothing sent);
    a refusal of one recipient is reported in its :class:`Outcome`.
    """
    try:
        server = smtplib.SMTP(host, port, timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise UsageError(f"cannot connect to the SMTP server {host}:{port}: {exc}") from None
    outcomes: list[Outcome] = []
    try:
        try:
            server.ehlo()
            if starttls:
                server.starttls()
                server.ehlo()
            if user:
                server.login(user, password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise UsageError(f"SMTP server {host}:{port}: {exc}") from None
        for recipient in recipients:
            one = copy.deepcopy(msg)
            del one["To"]
            one["To"] = recipient
            outcomes.append(_send_one(server, one, recipient))
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return outcomes


def _send_one(server: smtplib.SMTP, msg: EmailMessage, recipient: str) -> Outcome:
    try:
        refused = server.send_message(msg, to_addrs=[recipient])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = exc.recipients.get(recipient, (0, b"refused"))
        return Outcome(recipient, _reason(code, text))
    except smtplib.SMTPResponseException as exc:
        _reset(server)
        return Outcome(recipient, _reason(exc.smtp_code, exc.smtp_error))
    except smtplib.SMTPException as exc:
        _reset(server)
        return Outcome(recipient, str(exc))
    if recipient in refused:
        return Outcome(recipient, _reason(*refused[recipient]))
    return Outcome(recipient)


def _reset(server: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        server.rset()
