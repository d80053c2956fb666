"""Q407 *true*: a lead that promises what the body reports as done.

The title or the summary says the office *will* act (将组织转移, "will open a warming
center", "Council to repair the footbridge"), and the body's opening sentences say it
already has (已转移群众2960户, "opened a warming center at 6 p.m. on Tuesday"): one of
the two is out of date, and a reader who stops at the lead is misinformed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import sentences
from ..registry import Context, Option, rule

W = Severity.WARNING

_CJK = "\u4e00-\u9fff"
# 将 / 拟 / 即将 (but not 将近, 将军, 将其), then an optional time (于年底前, 于10月), then
# the action up to the clause's end
_FUTURE_ZH = re.compile(r"(?:即将|(?<!即)将(?![近军来其要就])|拟)"
                        r"(?:于[^，。；]{1,14}?(?:前|起|开始|底|内|后))?"
                        r"\s*([^，。；]{2,30})")
_FUTURE_EN = re.compile(r"\b(?:will|(?:is|are) to|(?:is|are) set to|plans? to)\s+(?:be\s+)?"
                        r"([a-z]{3,})\b|^[A-Z][^.:;]*?\bto\s+([a-z]{3,})\b")
_NOT_VERBS = frozenset({"the", "and", "all", "its", "their", "his", "her", "our", "more", "new",
                        "help", "make", "keep", "have", "take", "get", "let", "stay", "see",
                        "come", "continue", "remain", "allow", "ensure"})
_DONE_ZH = re.compile(r"已(?:经)?(?:于[^，。；]{1,12}?)?([^，。；]{0,8})")
_COMPLETION = re.compile(r"完成|完工|建成|结束|开通|开放|投用|启用|通车|到位|发放|实施")
_NOT_YET = re.compile(r"\b(?:will|to be|expected|scheduled|plans?|planned|would|should|"
                      r"next)\b|将|计划|预计|拟", re.I)
# common two-character words that say nothing of what the action is
_VAGUE = frozenset({"工作", "开展", "进行", "有关", "相关", "全市", "全县", "全区", "我市", "各类"})


def _bigrams(text: str) -> set[str]:
    chars = re.sub(rf"[^{_CJK}]", " ", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)
            if " " not in chars[i:i + 2]} - _VAGUE


def _promise(item: Item) -> tuple[str, str, str] | None:
    """(field, language, what is promised) of the lead's first promise."""
    for field in ("title", "summary"):
        text = getattr(item, field) or ""
        zh = _FUTURE_ZH.search(text)
        if zh:
            return field, "zh", zh.group(1)
        for m in _FUTURE_EN.finditer(text):
            verb = (m.group(1) or m.group(2) or "").lower()
            if verb not in _NOT_VERBS:
                return field, "en", verb
    return None


def _done(language: str, promised: str, lead: str, sentence: str) -> bool:
    """Whether ``sentence`` (``lead``: the one before it) reports the promise done."""
    if _NOT_YET.search(sentence):
        return False
    if language == "zh":
        words = _bigrams(promised)
        # 已 then, within a few characters, the promised action or a word of completion
        acted = any(_COMPLETION.search(m.group(1)) or _bigrams(m.group(1)) & words
                    for m in _DONE_ZH.finditer(sentence))
        return acted and len(words & _bigrams(lead + sentence)) >= 2
    stem = re.escape(promised[:4] if len(promised) > 4 else promised)
    past = re.search(rf"(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bbeing )"
                     rf"\b{stem}\w*ed\b", sentence, re.I)
    finished = re.search(r"\b(?:finished|completed)\b", sentence, re.I) and \
        re.search(rf"\b{stem}", sentence, re.I)
    return bool(past or finished)


@rule("Q407", "lead-promises-done", W, "item",
      options=(Option("sentences", 5, "How many of the body's first sentences are read for "
                                      "the action reported done."),))
def lead_promises_done(item: Item, ctx: Context) -> Iterator[Finding]:
    """The title or summary promises what the body reports as done.

    ## What it does
    Reads the first promise of the title or the summary — *will, is to, plans
    to*, a headline's "Council to repair …"; *将、即将、拟* — and reports it when
    one of the body's first `sentences` (5) reports that action done: the same
    verb in the past ("opened", "finished installing", "Repairs were
    completed"), or 已 with the same words (将组织群众转移 … 已转移群众2960户).

    ## Why
    Leaders often read only the title and summary. A lead that still promises
    what has happened — a draft written before the event and not updated —
    tells them the wrong thing: the *true* criterion.

    ## Example
    Title “全市将启动校园周边食品安全专项检查”, body “……专项检查已全部完成，共检查
    店铺864家”。 Summary "The council will repair the footbridge", body
    "Repairs were completed on Monday 19 October."

    ## Use instead
    A lead that says what happened: “全市校园周边食品安全专项检查完成，查处问题
    142个” / "Marlow Green footbridge reopens after storm repairs".
    """
    promise = _promise(item)
    if promise is None:
        return
    field, language, promised = promise
    lead = ""
    for index, sentence in enumerate(sentences(item.body, item.body_line)):
        if index >= int(ctx.options["sentences"]):
            return
        if _done(language, promised, lead, sentence.text):
            pos = item.where(field)
            yield Finding("Q407", f"the {field} says this will happen, but the body reports it "
                                  f"done (line {sentence.line}): bring the {field} up to date",
                          pos.line, pos.column)
            return
        lead = sentence.text
