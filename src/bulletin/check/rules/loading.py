"""Rules whose findings the loader reports: a file that cannot be read or parsed.

These have no body: :mod:`bulletin.load` finds the problems while reading, and
this module holds their documentation, severity and options.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Finding, Severity
from .registry import Context, rule

E, W = Severity.ERROR, Severity.WARNING


@rule("S001", "unreadable-file", E, "load")
def unreadable_file(_: object, __: Context) -> Iterable[Finding]:
    """A file cannot be read as text.

    ## What it does
    Reports a file under `items/` or `bulletins/` that is not UTF-8 text, is
    binary (holds NUL bytes), is empty, is larger than 1 MB (4 MB for a
    manifest), or is a symbolic link.

    ## Why
    Everything downstream — the check, the site, the assessment — reads these
    files as UTF-8 text. A symbolic link could make the build publish a file
    from outside the repository, so links are never followed.

    ## Example
    An item saved from a word processor as GBK or UTF-16, or a `.docx` renamed
    to `.md`.

    ## Use instead
    Save items as UTF-8 plain text (`bulletin new` writes a correct file); put
    the file itself in the repository instead of a link to it.
    """
    return ()


@rule("S002", "required-field", E, "load")
def required_field(_: object, __: Context) -> Iterable[Finding]:
    """A required field is missing or empty.

    ## What it does
    Reports a missing or empty required field. Items need `title`, `unit`,
    `authors`, `date`, `category`, `priority`, `classification` and `summary`,
    and `sources` where the category asks for them; editions need `number`,
    `date`, `type`, `audience`, `editor` and `sections`; each section `title`
    and `items`; each leader response `item`, `by`, `date` and `kind`.

    ## Why
    Editors sort, route and clear items by these fields, and the assessment
    counts them; an item without a classification cannot be placed safely.

    ## Example
    ```yaml
    title: Reservoir levels fall below flood-season limit
    unit: water
    ```

    ## Use instead
    ```yaml
    title: Reservoir levels fall below flood-season limit
    unit: water
    authors: [Zhang San]
    date: 2026-11-18
    category: situation
    priority: routine
    classification: internal
    summary: Three reservoirs are below their flood-season limit ...
    ```
    """
    return ()


@rule("S003", "invalid-yaml", E, "load")
def invalid_yaml(_: object, __: Context) -> Iterable[Finding]:
    """Front matter or a manifest is not valid YAML.

    ## What it does
    Reports YAML syntax errors, front matter that is never closed with a
    second `---`, more than one YAML document in a file, mapping keys that
    are not plain text, nesting deeper than 20 levels, and front matter
    larger than 64 KB.

    ## Why
    A file that cannot be parsed cannot be checked, published or counted.

    ## Example
    ```yaml
    title: Water main burst: 3,000 households without water
    ```
    (an unquoted `: ` inside a value starts a new mapping.)

    ## Use instead
    ```yaml
    title: "Water main burst: 3,000 households without water"
    ```
    """
    return ()


@rule("S004", "unsafe-yaml", E, "load")
def unsafe_yaml(_: object, __: Context) -> Iterable[Finding]:
    """YAML anchors, aliases or tags are used.

    ## What it does
    Reports `&anchor`, `*alias` and tags such as `!!python/object` or `!!str`.
    The file is not read further.

    ## Why
    Items are plain data written by hand. Aliases can expand a small file into
    gigabytes ("billion laughs"), and tags ask a YAML library to build objects
    or run code. bulletin never does either.

    ## Example
    ```yaml
    authors: &team [Zhang San, Li Si]
    contact: *team
    ```

    ## Use instead
    ```yaml
    authors: [Zhang San, Li Si]
    contact: Water Resources Bureau duty office
    ```
    """
    return ()


@rule("S005", "duplicate-key", E, "load")
def duplicate_key(_: object, __: Context) -> Iterable[Finding]:
    """A key appears twice in the same mapping.

    ## What it does
    Reports the second occurrence of a key. The first value is kept.

    ## Why
    YAML tools disagree on which value wins; the writer almost always meant
    to change the first one.

    ## Example
    ```yaml
    priority: routine
    priority: urgent
    ```

    ## Use instead
    ```yaml
    priority: urgent
    ```
    """
    return ()


@rule("S006", "missing-front-matter", E, "load")
def missing_front_matter(_: object, __: Context) -> Iterable[Finding]:
    """An item has no front matter.

    ## What it does
    Reports an item file that does not start with a `---` line.

    ## Why
    An item's fields (unit, date, classification ...) live in its front
    matter; without them it cannot be checked, classified or published.

    ## Example
    ```markdown
    # Reservoir levels fall
    Three reservoirs ...
    ```

    ## Use instead
    ```markdown
    ---
    title: Reservoir levels fall
    ...
    ---
    Three reservoirs ...
    ```
    """
    return ()


@rule("S007", "not-a-mapping", E, "load")
def not_a_mapping(_: object, __: Context) -> Iterable[Finding]:
    """A file's YAML has the wrong shape.

    ## What it does
    Reports front matter or an edition manifest that is not a mapping of
    fields, a `responses.yml` that is not a list, or a response that is not a
    mapping.

    ## Why
    The fields can only be read from the expected shape.

    ## Example
    ```yaml
    - title: Reservoir levels fall
    - unit: water
    ```

    ## Use instead
    ```yaml
    title: Reservoir levels fall
    unit: water
    ```
    """
    return ()


@rule("S008", "invalid-value", E, "load")
def invalid_value(_: object, __: Context) -> Iterable[Finding]:
    """A field has the wrong type or a value that is not defined.

    ## What it does
    Reports a field of the wrong type (text where a list or date is
    expected), an impossible date, and a unit, category, priority,
    classification, edition type, audience, editor or response kind that is
    not defined in `bulletin.yml`, with the closest valid value.

    ## Why
    A misspelt unit or level silently moves an item out of its unit's score or
    into the wrong audience.

    ## Example
    ```yaml
    classification: internel
    date: 2026-11-31
    ```

    ## Use instead
    ```yaml
    classification: internal
    date: 2026-11-30
    ```
    """
    return ()


@rule("S009", "unknown-field", W, "load")
def unknown_field(_: object, __: Context) -> Iterable[Finding]:
    """A field is not one bulletin knows.

    ## What it does
    Reports a field that is not part of the format, with the closest known
    field.

    ## Why
    A misspelt field is silently ignored: `summery:` leaves the item without a
    summary, `embargo_until:` publishes an embargoed item at once.

    ## Example
    ```yaml
    summery: Three reservoirs ...
    ```

    ## Use instead
    ```yaml
    summary: Three reservoirs ...
    ```
    """
    return ()


@rule("S013", "byte-order-mark", W, "load", fixable=True)
def byte_order_mark(_: object, __: Context) -> Iterable[Finding]:
    """A file starts with a UTF-8 byte-order mark.

    ## What it does
    Reports a file that starts with the invisible character U+FEFF.
    `bulletin check --fix` removes it.

    ## Why
    The mark hides the opening `---` of the front matter from many tools and
    shows up as a stray character in diffs.

    ## Example
    A file saved by Notepad as "UTF-8 with BOM".

    ## Use instead
    Save as "UTF-8" (without BOM), or run `bulletin check --fix`.
    """
    return ()


@rule("S014", "line-endings", W, "load", fixable=True)
def line_endings(_: object, __: Context) -> Iterable[Finding]:
    """A file uses Windows (CRLF) or old Mac (CR) line endings.

    ## What it does
    Reports the first CR character. `bulletin check --fix` converts the file
    to LF endings.

    ## Why
    Mixed endings make every line of a file change in a diff and confuse
    reviewers.

    ## Example
    A file edited in an editor set to Windows line endings.

    ## Use instead
    LF line endings (set `* text=auto eol=lf` in `.gitattributes`), or run
    `bulletin check --fix`.
    """
    return ()


@rule("S015", "trailing-whitespace", W, "load", fixable=True)
def trailing_whitespace(_: object, __: Context) -> Iterable[Finding]:
    """A line ends with spaces or tabs.

    ## What it does
    Reports trailing blanks. In a Markdown body exactly two trailing spaces
    are a deliberate line break and are allowed. `bulletin check --fix`
    removes the rest.

    ## Why
    Invisible characters make noisy diffs and review comments.

    ## Example
    `title: Reservoir levels fall␠␠␠`

    ## Use instead
    `title: Reservoir levels fall`
    """
    return ()


@rule("S016", "yaml-tab", W, "load", fixable=True)
def yaml_tab(_: object, __: Context) -> Iterable[Finding]:
    """A YAML line is indented with a tab.

    ## What it does
    Reports tabs in the indentation of front matter and manifests. The check
    reads each tab as two spaces and goes on; `bulletin check --fix` writes
    the spaces into the file.

    ## Why
    YAML forbids tabs for indentation; other tools reject the file.

    ## Example
    ```yaml
    sources:
    →- Reservoir telemetry
    ```

    ## Use instead
    ```yaml
    sources:
      - Reservoir telemetry
    ```
    """
    return ()


@rule("S017", "control-character", E, "load")
def control_character(_: object, __: Context) -> Iterable[Finding]:
    """Text holds an invisible control character.

    ## What it does
    Reports control characters other than tab and newline (for example
    U+0008 backspace or U+001B escape), usually pasted from another program.

    ## Why
    They are invisible in review, can corrupt a terminal or a feed, and make
    the YAML invalid.

    ## Example
    A summary pasted from a PDF that carries U+000C form feeds.

    ## Use instead
    Delete the character (most editors show it as a small box or `^L`).
    """
    return ()


@rule("S018", "second-front-matter", W, "load")
def second_front_matter(_: object, __: Context) -> Iterable[Finding]:
    """The body starts with a second `---` block.

    ## What it does
    Reports a body whose first lines are another front-matter-like block.

    ## Why
    It is usually a paste or a merge gone wrong: the fields in the second
    block are ignored and shown to readers as text.

    ## Example
    ```markdown
    ---
    title: Reservoir levels fall
    ---
    ---
    tags: [water]
    ---
    ```

    ## Use instead
    One front matter block holding every field.
    """
    return ()


@rule("S025", "stray-file", W, "load")
def stray_file(_: object, __: Context) -> Iterable[Finding]:
    """A file under `items/` or `bulletins/` is not one bulletin reads.

    ## What it does
    Reports a file that is not an item (`.md` under `items/`), an image
    attached to items, an edition manifest (`.yml` under `bulletins/`) or a
    `responses.yml`.

    ## Why
    A Word file or a draft with the wrong extension is silently left out of
    the bulletin; the writer believes it was submitted.

    ## Example
    `items/water/2026/flood-report.docx`

    ## Use instead
    Paste the text into an item made with `bulletin new`.
    """
    return ()


@rule("S030", "invalid-policy", E, "load")
def invalid_policy(_: object, __: Context) -> Iterable[Finding]:
    """`bulletin.yml` has an invalid setting.

    ## What it does
    Reports a missing or mistyped setting in the policy file, an undefined
    default audience, an unknown time zone, an unknown rule or severity under
    `rules:`. The check stops with exit code 2: nothing else can be judged
    against a broken policy.

    ## Why
    Every other rule reads the policy: units, categories, levels.

    ## Example
    ```yaml
    levels: public, internal
    ```

    ## Use instead
    ```yaml
    levels: [public, internal, restricted]
    ```
    """
    return ()


@rule("S031", "unknown-policy-key", W, "load")
def unknown_policy_key(_: object, __: Context) -> Iterable[Finding]:
    """`bulletin.yml` has a key bulletin does not know.

    ## What it does
    Reports an unknown key in the policy file, with the closest known key.

    ## Why
    A misspelt setting is silently ignored: `editor:` instead of `editors:`
    leaves the bulletin without editors.

    ## Example
    ```yaml
    editor: [li.na]
    ```

    ## Use instead
    ```yaml
    editors: [li.na]
    ```
    """
    return ()
