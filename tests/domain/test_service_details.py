"""The service's details: defaults until a manager sets them, each mistake named by field,
the phone kept as people read it, managers only, and every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from recovery_desk.catalogue.service_details import DEFAULT_SERVICE_NAME, ServiceDetails
from recovery_desk.domain.service.service_details import save_details, service_details
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import InvalidDetailsError, NotAllowedError
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.vocabulary import StaffRole


def test_a_new_database_has_the_defaults(db, actor) -> None:
    details = service_details(db, actor)
    assert details == ServiceDetails(DEFAULT_SERVICE_NAME, "", "", 5)
    assert details.missing_for_letters() is not None


def test_saved_details_are_tidied_and_read_back(db, actor) -> None:
    saved = save_details(db, actor, ServiceDetails(
        "  Hackney   Recovery Service ", "Recovery Centre \n\n 1 Example Road\nLondon E8 1AA",
        "+44 20 7946 0000", 10))
    assert saved == ServiceDetails("Hackney Recovery Service",
                                   "Recovery Centre\n1 Example Road\nLondon E8 1AA",
                                   "020 7946 0000", 10)
    assert service_details(db, actor) == saved
    assert saved.missing_for_letters() is None


@pytest.mark.parametrize(("details", "field", "message"), [
    (ServiceDetails(" "), "name", "The service needs a name; it heads every report."),
    (ServiceDetails("x" * 121), "name", "A name can be at most 120 characters."),
    (ServiceDetails(address="\n".join("line" for _ in range(7))), "address",
     "An address has at most 6 lines."),
    (ServiceDetails(address="y" * 81), "address",
     "Each line of the address can be at most 80 characters."),
    (ServiceDetails(phone="call us"), "phone",
     "That is not a phone number; write it like 020 7946 0000 or 07911 123456."),
    (ServiceDetails(phone="020 7946 000"), "phone",
     "That phone number is not valid: check the number of digits and the area code."),
    (ServiceDetails(small_number=0), "small_number",
     "The small-number rule needs a whole number from 1 to 50."),
    (ServiceDetails(small_number="5"), "small_number",
     "The small-number rule needs a whole number from 1 to 50."),
])
def test_each_mistake_is_named_and_nothing_is_saved(db, actor, details, field,
                                                    message) -> None:
    with pytest.raises(InvalidDetailsError) as raised:
        save_details(db, actor, details)
    assert raised.value.problems == {field: message}
    assert service_details(db, actor) == ServiceDetails()


def test_only_a_manager_changes_them_and_every_desk_reads_them(db, actor) -> None:
    keyworker = Actor(actor.staff_id, "Kay", StaffRole.KEYWORKER)
    with pytest.raises(NotAllowedError, match="Only service manager staff can change the "
                                              "catalogue, its policies and the service's details"):
        save_details(db, keyworker, ServiceDetails(phone="020 7946 0000"))
    assert service_details(db, Actor(actor.staff_id, "Rae", StaffRole.RECEPTION)).phone == ""


def test_a_change_is_audited_with_the_fields_that_changed(db, actor) -> None:
    save_details(db, actor, ServiceDetails(phone="020 7946 0000", small_number=3))
    with db.reading() as tx:
        event = tx.scalars(select(AuditEvent).where(
            AuditEvent.entity == "service_details")).one()
    assert event.detail == {"changed": ["phone", "small_number"]}


def test_the_demo_has_a_fictitious_service_s_details_so_its_letters_can_be_made(tmp_path) -> None:
    """The demo opens ready to print a letter: a street that does not exist and a phone number
    from Ofcom's drama range."""
    from datetime import date

    from recovery_desk.domain.operations.setup import open_database
    from tests.conftest import CATALOGUE

    db, actor = open_database(tmp_path / "demo.sqlite3", CATALOGUE, today=date(2026, 11, 27),
                              demo=True)
    try:
        details = service_details(db, actor)
        assert details.name == "Riverside Recovery Service (demo)"
        assert details.phone.startswith("020 7946 0") and "Example Yard" in details.address
    finally:
        db.dispose()
