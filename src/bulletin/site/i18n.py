"""The site's own words, in the policy's language (``en`` or ``zh``)."""

from __future__ import annotations

from typing import Final

_EN: Final = {
    "home": "Home", "withdrawn": "Withdrawn on", "corrections": "Corrections",
    "unit": "Unit", "date": "Filed", "event_date": "Event date", "category": "Category",
    "priority": "Priority", "classification": "Classification", "authors": "Authors",
    "region": "Region", "contact": "Contact", "tags": "Tags", "sources": "Sources",
    "responses": "Leader responses", "routine": "Routine", "important": "Important",
    "urgent": "Urgent", "regular": "Regular", "flash": "Flash", "special": "Special",
    "instruction": "instruction", "endorsement": "endorsement", "comment": "comment",
    "published_in": "Published in", "lead_item": "lead item",
    "adopted_by": "Adopted by", "reported_by": "Reported by",
    "in_pool": "In the information pool: not yet published in an edition.",
    "corrected": "Corrected by", "corrects": "This item corrects",
    "marking": "{level}", "edition_label": "{year} No. {number}",
    "editors_note": "Editor's note", "contents": "In this edition", "editions": "Editions",
    "latest": "Latest edition", "recent": "Recent editions", "all_editions": "All editions",
    "no_editions": "No edition has been published yet.", "pool": "Information pool",
    "pool_intro": "Items accepted into the bulletin and not yet published in an edition.",
    "all_pool": "The whole pool", "archive": "Archive", "by_year": "By year",
    "by_unit": "By unit", "by_category": "By category", "by_tag": "By tag", "items": "items",
    "none": "Nothing here yet.", "page": "Page", "pages": "Pages", "newer": "Newer",
    "older": "Older", "search": "Search", "guide": "Writing guide",
    "guide_intro": "What the check looks for in an item, why it matters to the reader, and "
                   "what to write instead: the same text as 'bulletin rule CODE' prints.",
    "error": "error", "warning": "warning", "info": "note", "fixable": "bulletin check --fix "
    "repairs it", "What it does": "What it does", "Why": "Why", "Example": "Example",
    "Use instead": "Use instead",
    "search_help": "Search every published item, in English or Chinese.",
    "search_noscript": "Search needs JavaScript; browse the archive instead.",
}

_ZH: Final = {
    "home": "首页", "withdrawn": "撤回于", "corrections": "更正",
    "unit": "报送单位", "date": "报送日期", "event_date": "事件日期", "category": "类别",
    "priority": "紧急程度", "classification": "密级", "authors": "撰稿", "region": "地区",
    "contact": "联系", "tags": "标签", "sources": "信息来源", "responses": "领导批示",
    "routine": "一般", "important": "重要", "urgent": "紧急", "regular": "常规",
    "flash": "快报", "special": "专刊", "instruction": "批示", "endorsement": "肯定",
    "comment": "意见", "published_in": "刊发于", "lead_item": "头条",
    "adopted_by": "被上级采用：", "reported_by": "报送单位：",
    "in_pool": "在信息库中：尚未编入期刊。", "corrected": "更正：", "corrects": "本条更正",
    "marking": "{level}", "edition_label": "{year}年第{number}期", "editors_note": "编者按",
    "contents": "本期目录", "editions": "期刊", "latest": "最新一期", "recent": "近期期刊",
    "all_editions": "全部期刊", "no_editions": "尚无期刊。", "pool": "信息库",
    "pool_intro": "已采用、尚未编入期刊的信息。", "all_pool": "全部信息", "archive": "归档",
    "by_year": "按年份", "by_unit": "按单位", "by_category": "按类别", "by_tag": "按标签",
    "items": "条", "none": "暂无。", "page": "第", "pages": "分页", "newer": "较新",
    "older": "较早", "search": "搜索", "guide": "写作指南",
    "guide_intro": "检查关注什么、为什么对读者重要、应当怎样写——与 bulletin rule 命令的说明相同。",
    "error": "错误", "warning": "警告", "info": "提示", "fixable": "可用 bulletin check --fix 修正",
    "What it does": "检查内容", "Why": "为什么", "Example": "示例", "Use instead": "应当这样写",
    "search_help": "搜索全部已发布信息（中英文均可）。",
    "search_noscript": "搜索需要 JavaScript；请浏览归档。",
}


def labels(language: str) -> dict[str, str]:
    """The site's words for ``language`` (English for anything but ``zh``)."""
    return dict(_ZH if language == "zh" else _EN)
