"""The site's own words, and how it writes dates and joins phrases, in ``en`` or ``zh``.

A bulletin's language sets the words of its pages; an item's own labels (its byline,
its metadata, its notices) follow the item's language, so a Chinese item in an
English bulletin reads 报送单位, 2026年11月20日 and 信息来源： (:func:`item_language`).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from ..text import has_cjk

_EN: Final = {
    "home": "Home", "withdrawn": "Withdrawn on", "corrections": "Corrections",
    "unit": "Unit", "date": "Filed", "event_date": "Event date", "category": "Category",
    "priority": "Priority", "classification": "Classification", "authors": "Authors",
    "region": "Region", "contact": "Contact", "tags": "Tags", "sources": "Sources",
    "responses": "Leader responses", "routine": "Routine", "important": "Important",
    "urgent": "Urgent", "regular": "Regular", "flash": "Flash", "special": "Special",
    "instruction": "instruction", "endorsement": "endorsement", "comment": "comment",
    "published_in": "Published in", "lead_item": "Lead item",
    "adopted_by": "Adopted by", "reported_by": "Reported by", "by_sep": " ",
    "in_pool": "In the information pool: not yet published in an edition.",
    "unpublished": "Not yet published", "corrected": "Corrected on",
    "corrected_by": "Read the correction", "corrects": "This item corrects",
    "edition_label": "{year} No. {number}", "editors_note": "Editor's note",
    "contents": "In this edition", "editions": "Editions", "latest": "Latest edition",
    "recent": "Recent editions", "all_editions": "All editions",
    "no_editions": "No edition has been published yet.", "pool": "Information pool",
    "pool_intro": "Items accepted into the bulletin and not yet published in an edition. "
                  "They may still be edited or left out.",
    "all_pool": "The whole pool", "archive": "Archive", "by_year": "By year",
    "by_unit": "By unit", "by_category": "By category", "by_tag": "By tag",
    "item_one": "{n} item", "item_many": "{n} items",
    "none": "Nothing here yet.", "page": "Page", "pages": "Pages", "newer": "Newer",
    "older": "Older", "search": "Search", "guide": "Writing guide",
    "guide_intro": "What the check looks for in an item, why it matters to the reader, and "
                   "what to write instead: the same text as 'bulletin rule CODE' prints.",
    "error": "error", "warning": "warning", "info": "note", "fixable": "bulletin check --fix "
    "repairs it", "What it does": "What it does", "Why": "Why", "Example": "Example",
    "Use instead": "Use instead",
    "search_help": "Search every item and edition on this site, in English or Chinese.",
    "search_noscript": "Search needs JavaScript; browse the archive instead.",
    "read_edition": "Read the whole edition", "paren": " ({text})", "read_item": "Read the item",
    "flash_banner": "Flash edition", "staff": "For staff", "breadcrumbs": "You are here",
    "also_tagged": "Also tagged", "marking_page": "Classification of this page",
    "colon": ": ", "list_sep": "; ", "dot": " · ",
}

_ZH: Final = {
    "home": "首页", "withdrawn": "撤回于", "corrections": "更正",
    "unit": "报送单位", "date": "报送日期", "event_date": "事件日期", "category": "类别",
    "priority": "紧急程度", "classification": "密级", "authors": "撰稿", "region": "地区",
    "contact": "联系", "tags": "标签", "sources": "信息来源", "responses": "领导批示",
    "routine": "一般", "important": "重要", "urgent": "紧急", "regular": "常规",
    "flash": "快报", "special": "专刊", "instruction": "批示", "endorsement": "肯定",
    "comment": "意见", "published_in": "刊发于", "lead_item": "头条",
    "in_pool": "在信息库中：尚未编入期刊。", "unpublished": "尚未刊发",
    "corrected": "更正于", "corrected_by": "详见更正", "corrects": "本条更正",
    "edition_label": "{year}年第{number}期", "editors_note": "编者按",
    "adopted_by": "被上级采用", "reported_by": "报送单位", "by_sep": "：",
    "contents": "本期目录", "editions": "期刊", "latest": "最新一期", "recent": "近期期刊",
    "all_editions": "全部期刊", "no_editions": "尚无期刊。", "pool": "信息库",
    "pool_intro": "已采用、尚未编入期刊的信息，仍可能修改或不予刊发。", "all_pool": "全部信息",
    "archive": "归档", "by_year": "按年份", "by_unit": "按单位", "by_category": "按类别",
    "by_tag": "按标签", "item_one": "{n} 条", "item_many": "{n} 条",
    "none": "暂无。", "page": "第", "pages": "分页", "newer": "较新",
    "older": "较早", "search": "搜索", "guide": "写作指南",
    "guide_intro": "检查关注什么、为什么对读者重要、应当怎样写——与 bulletin rule 命令的说明相同。",
    "error": "错误", "warning": "警告", "info": "提示", "fixable": "可用 bulletin check --fix 修正",
    "What it does": "检查内容", "Why": "为什么", "Example": "示例", "Use instead": "应当这样写",
    "search_help": "搜索本站全部信息和期刊（中英文均可）。",
    "search_noscript": "搜索需要 JavaScript；请浏览归档。",
    "read_edition": "阅读本期全文", "paren": "（{text}）",
    "read_item": "阅读全文", "flash_banner": "快报",
    "staff": "工作人员", "breadcrumbs": "当前位置", "also_tagged": "同义标签",
    "marking_page": "本页密级", "colon": "：", "list_sep": "；", "dot": " · ",
}

# Words of the theme's own parts (header, footer, 404 page), handed to its templates
_CHROME_EN: Final = {
    "skip": "Skip to the content", "search_label": "Search the bulletin",
    "search_placeholder": "Search items and editions", "search_button": "Search",
    "published_by": "Published by", "site_marking": "This site holds material up to",
    "contact": "Contact", "not_found": "Page not found",
    "not_found_text": "There is no page at this address on this site. It may have been "
                      "moved, or it may be available only on a site for another audience.",
    "home": "Home", "editions": "Editions", "archive": "Archive", "search": "Search",
}
_CHROME_ZH: Final = {
    "skip": "跳到正文", "search_label": "搜索信息", "search_placeholder": "搜索信息和期刊",
    "search_button": "搜索", "published_by": "编印", "site_marking": "本站内容密级最高为",
    "contact": "联系", "not_found": "页面不存在",
    "not_found_text": "本站没有这个地址的页面。页面可能已移动，或只在面向其他读者的站点上。",
    "home": "首页", "editions": "期刊", "archive": "归档", "search": "搜索",
}


def labels(language: str) -> dict[str, str]:
    """The site's words for ``language`` (English for anything but ``zh``)."""
    return dict(_ZH if language == "zh" else _EN)


def chrome_words(language: str) -> dict[str, str]:
    """The words of the theme's header, footer and 404 page."""
    return dict(_CHROME_ZH if language == "zh" else _CHROME_EN)


def item_language(title: str | None) -> str:
    """The language of an item, from its title: ``zh`` when it holds Chinese."""
    return "zh" if title and has_cjk(title) else "en"


def long_date(day: dt.date, language: str) -> str:
    """``20 November 2026`` or ``2026年11月20日``: the one way each language writes a date."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def count(n: int, language: str) -> str:
    """``1 item``, ``2 items``, ``3 条``."""
    words = labels(language)
    return words["item_one" if n == 1 else "item_many"].format(n=n)
