"""Jira: the review's action items (``gameday.scorecard.actions``) as Jira issues.

Two files a team can import, and an optional direct create:

- **issue-create JSON**, the body of Jira's bulk create (``POST /rest/api/2/issue/bulk``):
  ``{"issueUpdates": [{"fields": {project, summary, description, issuetype, duedate, labels,
  assignee?}}]}``. ``assignee`` only for people the team file maps to a Jira account
  (``accounts: {dana: <accountId>}``; Jira Cloud needs account ids, Server/DC user names:
  ``assignee_by``); the owner is named in the description either way.
- **CSV** for Jira's CSV importer: Summary, Description, Issue Type, Project Key, Assignee
  (the roster name, for the importer's user mapping), Due Date, Labels (one column each, as the
  importer wants), Source, Drill, Criterion.
- ``post``: the same JSON to ``<url>/rest/api/2/issue/bulk`` with basic auth from the
  environment or a file (never the team file), retried like every integration.

Every issue is labelled ``gameday`` and ``drill-<id>``: drill work is never mistaken for an
incident's follow-up.
"""

from __future__ import annotations

import base64
import csv
import io
from typing import TYPE_CHECKING, Annotated, Any, Literal

from gameday.formats.core import Check, Length, Pattern, Range, spec
from gameday.formats.types import Name, OneLine
from gameday.integrations.common import EnvName, SecretFile, Url, refuse_literal_secret
from gameday.integrations.marking import clip
from gameday.integrations.spec import IntegrationSpec, Outbound
from gameday.playbook import ACTION_ITEMS_DUE_DAYS as DUE_DAYS
from gameday.records import record

if TYPE_CHECKING:  # the team file reads these settings: keep scorecards and HTTP out of it
    from gameday.clock import Clock
    from gameday.integrations.delivery import Delivery, RetryPolicy
    from gameday.scorecard.actions import ActionItem


ProjectKey = Annotated[
    str, Pattern(r"[A-Z][A-Z0-9_]{1,19}", "must be a Jira project key like OPS"), Length(2, 20)
]
Label = Annotated[str, Pattern(r"[^\s]{1,255}", "must be one word (Jira labels have no spaces)")]
USER_ENV = "GAMEDAY_JIRA_USER"
TOKEN_ENV = "GAMEDAY_JIRA_TOKEN"
CSV_HEAD = ("Summary", "Description", "Issue Type", "Project Key", "Assignee", "Due Date")
CSV_TAIL = ("Source", "Drill", "Criterion")


@record
class JiraSettings:
    """Where the review's action items go in Jira (the API token is a secret)."""

    project: ProjectKey | None = spec(None, doc="The project key (or --project).")
    issue_type: OneLine = spec("Task")
    labels: Annotated[tuple[Label, ...], Length(0, 20)] = spec((), doc="Extra labels.")
    due_days: Annotated[int, Range(1, 365)] = spec(
        DUE_DAYS, doc="Due this many days after the review (or the drill)."
    )
    accounts: Annotated[dict[Name, OneLine], Length(0, 500)] = spec(
        factory=dict, doc="Roster name -> Jira account id (Cloud) or user name (Server)."
    )
    assignee_by: Literal["accountId", "name"] = spec("accountId")
    url: Url | None = spec(None, doc="The Jira site, for creating the issues directly.")
    user_env: EnvName = spec(USER_ENV, doc="Environment variable holding the Jira user.")
    token_env: EnvName = spec(TOKEN_ENV, doc="Environment variable holding the API token.")
    token_file: SecretFile | None = spec(None, doc="Or: a file holding the API token.")
    token: str | None = spec(None, doc="Refused: the token is a secret.")

    def __check__(self, check: Check) -> JiraSettings:
        refuse_literal_secret(check, "token", self.token, "the Jira API token")
        return self


def _labels(item: ActionItem, s: JiraSettings) -> list[str]:
    return ["gameday", f"drill-{item.drill}", *s.labels]


def _description(item: ActionItem) -> str:
    owner = f"{item.owner} ({item.role_title})" if item.owner else f"the {item.role_title}"
    return (
        f"{item.description}\n\nOwner: {owner}\nSource: {item.source}\n"
        "From a gameday drill's post-incident review (an exercise, not a real incident)."
    )


def issue_fields(item: ActionItem, s: JiraSettings, project: str) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "project": {"key": project},
        "summary": clip(item.title, 255),
        "description": _description(item),
        "issuetype": {"name": s.issue_type},
        "duedate": item.due.isoformat(),
        "labels": _labels(item, s),
    }
    account = s.accounts.get(item.owner) if item.owner else None
    if account:
        fields["assignee"] = {s.assignee_by: account}
    return fields


def issues_json(items: list[ActionItem], s: JiraSettings, project: str) -> dict[str, Any]:
    """The bulk issue-create body."""
    return {"issueUpdates": [{"fields": issue_fields(i, s, project)} for i in items]}


def issues_csv(items: list[ActionItem], s: JiraSettings, project: str) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    width = 2 + len(s.labels)  # the importer takes one Labels column per label
    w.writerow([*CSV_HEAD, *["Labels"] * width, *CSV_TAIL])
    for i in items:
        labels = [*_labels(i, s), *[""] * width][:width]
        w.writerow(
            [
                _safe(clip(i.title, 255)),
                _safe(_description(i)),
                s.issue_type,
                project,
                _safe(i.owner or ""),
                i.due.isoformat(),
                *labels,
                _safe(i.source),
                i.drill,
                i.criterion or "",
            ]
        )
    return out.getvalue()


def _safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def post(
    items: list[ActionItem],
    s: JiraSettings,
    project: str,
    *,
    clock: Clock,
    policy: RetryPolicy | None = None,
) -> Delivery:
    """Create the issues through Jira's REST API (``s.url`` and the token required)."""
    from gameday.errors import UsageError
    from gameday.integrations.delivery import send
    from gameday.integrations.secrets import read_secret

    if s.url is None:
        raise UsageError("no Jira site to post to: set integrations.jira.url in the team file")
    user = read_secret("the Jira user", s.user_env, None).reveal()
    token = read_secret("the Jira API token", s.token_env, s.token_file).reveal()
    auth = base64.b64encode(f"{user}:{token}".encode()).decode()
    out = Outbound(
        "jira",
        f"create {len(items)} issue(s)",
        f"{s.url.rstrip('/')}/rest/api/2/issue/bulk",
        issues_json(items, s, project),
        {"Authorization": f"Basic {auth}", "Accept": "application/json"},
        secrets=(auth, token),
    )
    return send(out, clock=clock, policy=policy)


JIRA = IntegrationSpec(
    "jira",
    "export the review's action items as Jira issue-create JSON and CSV (owners, due dates, "
    "the drill as the source), or create them with --post",
    JiraSettings,
)
