"""What the review was judged by, when it is not the usual: G007 (no valid policy at
the base, so the branch's own judged it), G008 (the forge did not say for certain
who opened the pull request, so everyone who may have written it was judged)."""

from __future__ import annotations

from collections.abc import Iterator

from ....config import POLICY_FILE
from ....diagnostics import Finding, Severity
from ....model import Repository
from ..registry import Context, rule
from .context import review_of

W = Severity.WARNING


@rule("G007", "base-policy", W, "repo")
def base_policy(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """The base has no valid policy, so the branch's own judges the pull request.

    ## What it does
    In a pull request, the review rules read the editors, units, members,
    `review` settings and G rule settings from `bulletin.yml` as the base (REF)
    has it, so that a branch cannot change the rules that judge it. When the
    base has no `bulletin.yml` (the repository's first pull request) or an
    invalid one, this rule says so, and the branch's `bulletin.yml` judges.

    ## Why
    A pull request judged by its own policy can make its author an editor or
    switch the review rules off; an editor should know when that was possible.

    ## Example
    The first pull request of a new bulletin, which adds `bulletin.yml`.
    （新建信息库的第一个合并请求同时新增 `bulletin.yml`。）

    ## Use instead
    Merge the policy first (an editor's pull request), then the items.
    （先由编辑合并 `bulletin.yml`，再提交信息。）
    """
    review = review_of(repo)
    if review is not None and review.policy is None and review.policy_note:
        yield Finding("G007", review.policy_note, path=POLICY_FILE)


@rule("G008", "author-unverified", W, "repo")
def author_unverified(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """The forge does not say for certain who opened the pull request.

    ## What it does
    Says so when the review rules could not learn the pull request's author
    from the forge and judged everyone who may have written the change
    instead: on GitLab without `BULLETIN_GITLAB_TOKEN`, the pipeline's user
    (`GITLAB_USER_LOGIN`, whoever started it) and the author of each commit
    on the branch. A change must then be allowed to each of them.

    ## Why
    GitLab names no merge request author in its CI variables: an editor who
    runs a member's pipeline again would otherwise approve the member's
    change. Commit authors are what the commits say, which anyone can write.

    ## Example
    A merge request pipeline started again by the editor `li.na` for a branch
    of `zhang.san`.
    （编辑 li.na 重新运行 zhang.san 的合并请求流水线。）

    ## Use instead
    Give the check job a read-only API token in `BULLETIN_GITLAB_TOKEN`
    (scope `read_api`, role Reporter): the author is then read from the merge request.
    （为检查作业设置只读令牌 `BULLETIN_GITLAB_TOKEN`，由合并请求本身确定作者。）
    """
    review = review_of(repo)
    if review is not None and review.author_note:
        yield Finding("G008", review.author_note, path=POLICY_FILE)
