"""One edition out of the repository: ``export`` writes it as a file (html, pdf,
eml, docx), ``send`` e-mails it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..fsutil import write_atomic
from .common import display_path, friendly_errors, repo_option, repository_root

EXPORT_FORMATS = ("html", "pdf", "eml", "docx")


@click.command()
@click.argument("edition_id", metavar="EDITION")
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="html",
              show_default=True, help="html: one self-contained file; pdf: A4 printed by "
                                      "Chromium; eml: an e-mail; docx: a Word document.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default: EDITION.FORMAT in the current folder, a "
                   "publication's '/' written as '-').")
@click.option("--from", "sender", metavar="ADDR", help="eml: the From address (default: "
                                                       "bulletin@localhost).")
@repo_option
@friendly_errors
def export(edition_id: str, fmt: str, output: Path | None, sender: str | None,
           repo: Path | None) -> None:
    """Export the edition EDITION (YYYY-NNN, or PUBLICATION/YYYY-NNN) as one file;
    print its path.

    The edition is composed for its own audience as of the end of its date, so
    the file holds what its readers saw and nothing above their level.
    """
    from ..export import export_edition

    data = export_edition(repository_root(repo), edition_id, fmt, sender)
    target = output if output is not None else Path(f"{edition_id.replace('/', '-')}.{fmt}")
    write_atomic(target, data)
    click.echo(display_path(target))


@click.command()
@click.argument("edition_id", metavar="EDITION")
@click.option("--to", "recipients", multiple=True, required=True, metavar="ADDR",
              help="A recipient; repeat for several.")
@click.option("--smtp", "server", default="localhost:25", show_default=True,
              metavar="HOST:PORT", help="The SMTP server.")
@click.option("--starttls", is_flag=True, help="Switch to TLS with STARTTLS before sending.")
@click.option("--user", help="Log in as USER (password from $BULLETIN_SMTP_PASSWORD).")
@click.option("--from", "sender", metavar="ADDR", help="The From address (default: "
                                                       "bulletin@localhost).")
@repo_option
@friendly_errors
def send(edition_id: str, recipients: tuple[str, ...], server: str, starttls: bool,
         user: str | None, sender: str | None, repo: Path | None) -> None:
    """E-mail the edition EDITION (YYYY-NNN, or PUBLICATION/YYYY-NNN) to each --to address.

    Reports each recipient as sent or refused (with the server's reason). Exit 0
    when all were sent, 1 when some were refused, 2 when the server cannot be
    reached.
    """
    from ..export import edition_site
    from ..export.eml import build_message
    from ..export.send import parse_server, send_message

    host, port = parse_server(server)
    root = repository_root(repo)
    site, view = edition_site(root, edition_id)
    msg = build_message(site, view, root, sender)
    outcomes = send_message(msg, recipients, host, port, starttls, user,
                            os.environ.get("BULLETIN_SMTP_PASSWORD"))
    for outcome in outcomes:
        click.echo(f"{outcome.recipient}: sent" if outcome.sent
                   else f"{outcome.recipient}: refused: {outcome.reason}")
    if not all(o.sent for o in outcomes):
        sys.exit(1)
