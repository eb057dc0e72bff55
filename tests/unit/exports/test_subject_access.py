"""The subject access page handed to a member of the public: the service's name and address,
fields named in words, dates the British way, the assessment as labelled lines, no raw JSON."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.exports.subject_access import label, subject_access_html, value_lines

SERVICE = ServiceDetails("Hackney Recovery Service", "Recovery Centre\n1 Example Road",
                         "020 7946 0000")
HELD: dict[str, Any] = {
    "person": {"id": 7, "given_name": "Robin", "family_name": "Ashworth",
               "date_of_birth": "1985-12-03", "nhs_number": "9434765919", "msm": None,
               "consent_to_store": True, "keyworker": "Jo Bennett",
               "profile": {"substances": [{"name": "alcohol", "days_used_last_28": 20},
                                          {"name": "other_opioids", "days_used_last_28": 2}],
                           "abstinent_from_illicit_since": "2026-11-10",
                           "substitute_medication": {"drug": "methadone", "daily_dose_mg": 30,
                                                     "stage": "final_stage"},
                           "goals": ["reduce_drinking", "prepare_for_detox"]},
               "created_at": "2026-11-27T10:04:05.123456"},
    "enrolments": [{"id": 3, "group": "Reduced Drinking Programme",
                    "start_date": "2026-11-30", "expected_end_date": None,
                    "status": "active", "flagged_for_keyworker": False}],
    "referrals": [],
    "audit_of_this_record": [{"time_utc": "2026-11-27T10:04:05", "staff": "Jo Bennett",
                              "action": "export", "record": "subject_access",
                              "outcome": "ok"}],
}


def _text(page: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_page_names_the_service_and_where_it_is() -> None:
    """The service's name in the heading, its address and phone at the top."""
    text = _text(subject_access_html(HELD, SERVICE, date(2026, 11, 27)))
    assert "Information Hackney Recovery Service holds about you" in text
    assert "Recovery Centre" in text and "Phone 020 7946 0000" in text
    assert "Made on 27 November 2026" in text


def test_fields_are_named_in_words_and_dates_written_out() -> None:
    """'Date of birth 3 December 1985', 'NHS number', never date_of_birth or 1985-12-03."""
    text = " ".join(_text(subject_access_html(HELD, SERVICE, date(2026, 11, 27))).split())
    for said in ("Date of birth 3 December 1985", "NHS number 9434765919",
                 "Agreed to us keeping this record yes",
                 "Record made (UTC) 27 November 2026 at 10:04",
                 "Expected end date none recorded", "Start date 30 November 2026",
                 "Place 1 of 1", "Referrals to groups None held.",
                 "subject access", "Flagged for your keyworker no"):
        assert said in text, said
    for raw in ("date_of_birth", "1985-12-03", "_", "{", "}", "[", '"'):
        assert raw not in text, raw


def test_the_assessment_is_labelled_lines_not_json() -> None:
    """Each assessment field on its own line, in words."""
    assert value_lines("profile", HELD["person"]["profile"]) == [
        "Substances: alcohol: used on 20 of the last 28 days; other opioids: used on 2 of the "
        "last 28 days",
        "Abstinent from illicit substances since: 10 November 2026",
        "Substitute medication: methadone, 30 mg a day, final stage",
        "Goals: reduce drinking; prepare for detox"]


def test_a_field_added_later_is_still_named_in_words() -> None:
    """A column no one listed reads as words, acronyms kept."""
    assert label("nhs_trust_id") == "NHS trust number"
    assert label("contact_attempted_on") == "Contact attempted on"
