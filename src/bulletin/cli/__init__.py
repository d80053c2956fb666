"""The ``bulletin`` command line: one thin function per command.

Each command loads, calls the library and formats. Exit codes: 0 success,
1 problems found (``check``), 2 usage or configuration error.

This module only defines the group and wires in the commands, which live one
module per job: :mod:`.repository` (init, schema, codeowners), :mod:`.items` (new,
submit), :mod:`.check`, :mod:`.rule`, :mod:`.edition` (edition new), :mod:`.site`
(build, serve), :mod:`.export` (export, send) and :mod:`.score`; what they share
is in :mod:`.common`.
"""

from __future__ import annotations

import click

# the command modules import only what their options need: each command imports the
# rest when it runs, so that a command starts at once, and a pull request's check can
# set git to work while the rest is imported
from .. import __version__
from . import check, edition, export, items, network, repository, rule, score, site


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="bulletin")
def main() -> None:
    """bulletin: an organisation's information bulletin, published from git.

    Staff write items (Markdown with YAML front matter) under items/, editors
    compose editions under bulletins/, and `bulletin check` reviews both.
    Run `bulletin COMMAND --help` for each command.
    """


for _command in (repository.init, items.new, check.check, edition.edition, site.build,
                 site.serve, export.export, export.send, repository.schema,
                 repository.codeowners, items.submit, rule.rule_command, score.score,
                 network.relay, network.network, network.import_):
    main.add_command(_command)
