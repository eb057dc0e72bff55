"""The small-number rule on a real report: a count hidden as 'fewer than 5' cannot be worked
out from the other groups' counts and the total, in the CSV, the workbook and the PDF page."""

from __future__ import annotations

import csv
import io
from datetime import date

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.reports.report_service import report
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.exports.report_files import NOT_SHOWN, report_csv, report_html, report_xlsx

RDP, RS = "Reduced Drinking Programme", "Recovery Skills"
ON = date(2026, 11, 27)
ASSESSMENT = {"substances": [{"name": "alcohol", "days_used_last_28": 12}],
              "goals": ["reduce_drinking", "change_use"]}
HIDDEN = ("fewer than 5", NOT_SHOWN)


def _starters(db: Database, actor: Actor, keyworker_id: int, group_ids: dict[str, int],
              group: str, born: date, how_many: int) -> None:
    for number in range(how_many):
        person = intake.save_intake(db, actor, intake.PersonDetails(
            given_name=f"P{group[:3]}{born.year}{number}", family_name="Test",
            date_of_birth=born, sex="male", keyworker_id=keyworker_id, consent_to_store=True,
            assessment=ASSESSMENT), [intake.ReferralRequest(group_ids[group])], ON)
        booking_service.book(db, actor, person, group_ids[group], ON)


def test_starters_aged_25_to_34_cannot_be_worked_out_from_the_total(
        db, actor, keyworker_id, group_ids) -> None:
    """5 and 2 starters aged 25 to 34, 7 in all: the 5 is hidden too, so 7 - 5 gives nothing."""
    for group, thirties, forties in ((RDP, 5, 5), (RS, 2, 5)):
        _starters(db, actor, keyworker_id, group_ids, group, date(1996, 6, 1), thirties)
        _starters(db, actor, keyworker_id, group_ids, group, date(1986, 6, 1), forties)
    made = report(db, actor, date(2026, 10, 1), date(2026, 12, 31),
                  [group_ids[RDP], group_ids[RS]], date(2027, 1, 4))
    assert made.columns == (RS, RDP, "All chosen groups")
    exact = {line.label.strip(): line.values for line in made.lines()}
    assert exact["Starters aged 25 to 34"] == (2, 5, 7)

    rows = {row[0]: row[1:4] for row in csv.reader(io.StringIO(report_csv(made)))}
    assert rows["Starters aged 25 to 34"] == ["fewer than 5", NOT_SHOWN, "7"]
    # The hidden 5 would come back from the column (10 starters - 5 aged 35 to 44), so the
    # 35 to 44 row hides a second count as well.
    assert rows["Starters aged 35 to 44"].count(NOT_SHOWN) == 2
    people = [line for line in made.lines() if line.kind.name == "PEOPLE"]
    for line in people:  # no row has a single hidden count
        assert sum(text in HIDDEN for text in rows[line.label.strip()]) != 1, line.label
    ages = [line.label.strip() for line in people if line.key.startswith("age:")]
    for column in range(3):  # no column of ages, with its starters, has one either
        cells = [rows[label][column] for label in (*ages, "New starters")]
        assert sum(text in HIDDEN for text in cells) != 1, column

    page = report_html(made)
    assert f"<td align='right' valign='top'>{NOT_SHOWN}</td>" in page
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(report_xlsx(made))).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Starters aged 25 to 34")
    assert list(row[1:4]) == ["fewer than 5", NOT_SHOWN, 7]
