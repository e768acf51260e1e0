"""The whole integrator flow through the client generated from openapi/openapi.json
(no hand-edits): token, areas, an event created and PATCHed with If-Match, paging,
a survey, a batch of responses, results and Table 1. Type-checked with mypy.

Run by python_client.sh with B, ADMIN_ID and ADMIN_SECRET set and the generated
package `client_safety_client` importable.
"""

import datetime
import os
import uuid

from client_safety_client import AuthenticatedClient, Client
from client_safety_client.types import UNSET, Unset
from client_safety_client.api.areas import list_areas
from client_safety_client.api.auth import issue_token
from client_safety_client.api.events import create_event, list_events, update_event
from client_safety_client.api.reports import events_report
from client_safety_client.api.surveys import create_batch, create_survey, get_results
from client_safety_client.models import (
    BatchCreated,
    BatchRequest,
    CreateEventRequest,
    CreateSurveyRequest,
    EventFormat,
    EventReport,
    EventResponse,
    EventStatus,
    GroupBy,
    LocalizedText,
    PageAreaResponse,
    PageEventResponse,
    Question,
    QuestionType,
    ResponseInput,
    ResponseInputAnswers,
    ResultsResponse,
    SurveyKind,
    SurveyResponse,
    SurveyStatus,
    TokenRequestForm,
    TokenResponse,
    UpdateEventRequest,
)


def token(base: str) -> str:
    form = TokenRequestForm(
        grant_type="client_credentials",
        client_id=os.environ["ADMIN_ID"],
        client_secret=os.environ["ADMIN_SECRET"],
    )
    answer = issue_token.sync(client=Client(base_url=base), body=form)
    assert isinstance(answer, TokenResponse), answer
    return answer.access_token


def event_flow(api: AuthenticatedClient) -> None:
    areas = list_areas.sync(client=api, limit=100)
    assert isinstance(areas, PageAreaResponse), areas
    assert any(a.code == "hus" for a in areas.items)
    body = CreateEventRequest(
        title=LocalizedText(fi="Asiakastyöpaja"),
        area="hus",
        starts_on=datetime.date(2024, 5, 6),
        format_=EventFormat.HYBRID,
        registered_count=40,
    )
    created = create_event.sync_detailed(client=api, body=body, idempotency_key=str(uuid.uuid4()))
    event = created.parsed
    assert created.status_code == 201 and isinstance(event, EventResponse), created
    etag = created.headers["etag"]
    changed = update_event.sync_detailed(
        str(event.id),
        client=api,
        body=UpdateEventRequest(status=EventStatus.HELD, attended_count=35),
        if_match=etag,
    )
    assert changed.status_code == 200 and isinstance(changed.parsed, EventResponse), changed
    assert changed.parsed.attended_count == 35
    stale = update_event.sync_detailed(str(event.id), client=api, body=UpdateEventRequest(venue="Sali"), if_match=etag)
    assert stale.status_code == 412, stale
    seen: list[uuid.UUID] = []
    cursor: str | Unset = UNSET
    while True:
        page = list_events.sync(client=api, limit=2, cursor=cursor)
        assert isinstance(page, PageEventResponse), page
        seen.extend(e.id for e in page.items)
        if not isinstance(page.next_cursor, str):
            break
        cursor = page.next_cursor
    assert event.id in seen and len(seen) == len(set(seen)), seen
    table = events_report.sync(client=api, from_=datetime.date(2023, 1, 1), to=datetime.date(2024, 12, 31))
    assert isinstance(table, EventReport), table
    assert table.totals.events == len(table.rows) >= 1


def survey_flow(api: AuthenticatedClient) -> None:
    survey = create_survey.sync(
        client=api,
        body=CreateSurveyRequest(
            code=f"client-{uuid.uuid4().hex[:8]}",
            kind=SurveyKind.FEEDBACK,
            title=LocalizedText(fi="Palaute"),
            status=SurveyStatus.OPEN,
            questions=[Question(code="safe", type_=QuestionType.LIKERT5, text=LocalizedText(fi="Turvallinen"), required=True)],
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    assert isinstance(survey, SurveyResponse), survey
    items = []
    for i in range(6):
        answers = ResponseInputAnswers()
        answers["safe"] = 1 + i % 5
        items.append(ResponseInput(area="hus", answers=answers, external_id=f"r-{i}"))
    batch = create_batch.sync(survey.id, client=api, body=BatchRequest(responses=items))
    assert isinstance(batch, BatchCreated) and len(batch.ids) == 6, batch
    results = get_results.sync(survey.id, client=api, group_by=GroupBy.AREA)
    assert isinstance(results, ResultsResponse), results
    assert results.total.n == 6, results.total


def main() -> None:
    base = os.environ["B"]
    api = AuthenticatedClient(base_url=base, token=token(base), raise_on_unexpected_status=True)
    event_flow(api)
    survey_flow(api)
    print("generated client: the whole flow passed")


if __name__ == "__main__":
    main()
