"""Fictitious service users for the large benchmark database (generate.py).

Names are plainly invented ("Robin Thistlekettle"), NHS numbers come from the 999 range the NHS
keeps for testing, phone numbers from Ofcom's drama range (020 7946 0xxx), and each intake
profile suits the eligibility rule of the group the person is referred to, so
`recovery_desk.eligibility.parse_profile` accepts it and bookings made from it can succeed.
Nothing here touches a database.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from recovery_desk import identifiers
from recovery_desk.domain.operations.demo import _test_nhs_number

GIVEN = ("Alex", "Sam", "Chris", "Jamie", "Morgan", "Robin", "Taylor", "Jordan", "Casey", "Riley",
         "Dani", "Kai", "Leigh", "Nico", "Ash", "Rowan", "Frankie", "Charlie", "Remi", "Sasha",
         "Ali", "Bo", "Cam", "Drew", "Eden", "Finley", "Gabi", "Hayden", "Indy", "Jesse",
         "Kit", "Lou", "Max", "Noor", "Ollie", "Pat", "Quinn", "Reese", "Sky", "Toni", "Val",
         "Wren", "Yuri", "Zola", "Avery", "Blair", "Corin", "Devon", "Ellis", "Harley")
# Family names are two invented halves, so no real person's name turns up by accident.
FRONT = ("Amber", "Bramble", "Bracken", "Copper", "Clover", "Dapple", "Ember", "Fennel",
         "Gorse", "Hazel", "Ivy", "Juniper", "Kestrel", "Larch", "Moss", "Nettle", "Oak",
         "Pebble", "Quill", "Rush", "Sorrel", "Thistle", "Umber", "Vetch", "Willow", "Yarrow",
         "Birch", "Cinder", "Dusk", "Fern", "Heather", "Marram", "Plover", "Sedge", "Tansy")
BACK = ("whistle", "kettle", "button", "bottle", "spoon", "lantern", "feather", "thimble",
        "wick", "pudding", "muffin", "sprocket", "waddle", "noodle", "biscuit", "crumpet",
        "teapot", "tumble", "wobble", "doodle", "pickle", "nibble", "jumble", "bobbin",
        "mitten", "fiddle", "puddle", "tinker", "buckle", "trundle")
FAMILY = tuple(front + back for front in FRONT for back in BACK)
# Some family names are common and most are rare, as in a real list (a Zipf-like spread).
_FAMILY_WEIGHTS = tuple(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(FAMILY))))
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
OUTWARD = ("E1", "E2", "E3", "E5", "E8", "E9", "E10", "N1", "N4", "N16", "N17")
SOURCES = ("Keyworker assessment", "GP", "Self-referral", "Hospital liaison", "Probation")
STIMULANTS = ("cocaine", "crack", "cannabis", "amphetamines", "ketamine")
CHEMSEX = ("ghb_gbl", "methamphetamine", "mephedrone")


class People:
    """Makes people one at a time from one seeded generator; NHS numbers never repeat."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._numbers: set[str] = set()
        self._families = list(FAMILY)
        rng.shuffle(self._families)
        # Stored as the app's own normalisers store them (worked out once each: they are slow).
        self._phones = [identifiers.phone(f"020 7946 0{n:03d}") for n in range(1000)]
        self._postcodes: dict[str, str] = {}

    def name(self) -> tuple[str, str]:
        rng = self.rng
        family = rng.choices(self._families, cum_weights=_FAMILY_WEIGHTS)[0]
        return rng.choice(GIVEN), family

    def nhs_number(self) -> str | None:
        """About one in ten records has no NHS number yet, as at a real front desk."""
        if self.rng.random() < 0.1:
            return None
        while True:
            number = _test_nhs_number(self.rng)
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def postcode(self) -> str:
        rng = self.rng
        typed = f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}" \
                f"{rng.choice(POSTCODE_LETTERS)}"
        if typed not in self._postcodes:
            self._postcodes[typed] = identifiers.postcode(typed)
        return self._postcodes[typed]

    def phone(self) -> str:
        if self.rng.random() < 0.25:
            return ""
        return self.rng.choice(self._phones)

    def born(self, on: date) -> date:
        """Aged 18 to 70 on the day of their first contact, most in their 30s and 40s."""
        age = min(70.0, max(18.0, self.rng.gauss(39, 10)))
        return on - timedelta(days=int(age * 365.25) + self.rng.randint(0, 364))

    def sex_and_msm(self, rule: str) -> tuple[str, bool | None]:
        rng = self.rng
        if rule == "msm":
            return "male", True
        sex = rng.choices(("male", "female", "not_stated", "intersex"), (62, 35, 2.5, 0.5))[0]
        msm = None if sex != "male" else rng.choice((False, False, None))
        return sex, msm

    def profile(self, rule: str, born: date, sex: str, msm: bool | None,
                assessed: date) -> dict[str, Any]:
        """The whole intake profile (domain.md's JSON) of someone assessed on `assessed` for a
        group following eligibility rule `rule`; every date is on or before `assessed`."""
        rng = self.rng
        assessment = _assessment(rule, assessed, born, rng)
        return {"date_of_birth": born.isoformat(), "sex": sex, "msm": msm, **assessment,
                "keyworker_referral": True}


def _since(assessed: date, born: date, low: int, high: int, rng: random.Random) -> str:
    adult = born + timedelta(days=365 * 16)
    return max(adult, assessed - timedelta(days=rng.randint(low, high))).isoformat()


def _assessment(rule: str, assessed: date, born: date, rng: random.Random) -> dict[str, Any]:
    substances: list[dict[str, Any]] = []
    illicit_since = all_since = medication = None
    if rule == "abstinence_day_programme":
        illicit_since = _since(assessed, born, 10, 200, rng)
        if rng.random() < 0.5:
            all_since = illicit_since
        else:
            substances = [{"name": "alcohol", "days_used_last_28": rng.randint(1, 6)}]
        goals = ["maintain_abstinence"]
    elif rule == "abstinent_emotions":
        illicit_since = all_since = _since(assessed, born, 40, 900, rng)
        goals = ["maintain_abstinence"]
    elif rule == "reduced_drinking":
        substances = [{"name": "alcohol", "days_used_last_28": rng.randint(8, 28)}]
        if rng.random() < 0.3:
            substances.append({"name": rng.choice(("cannabis", "cocaine")),
                               "days_used_last_28": rng.randint(1, 4)})
        goals = [rng.choice(("reduce_drinking", "prepare_for_detox"))]
        if rng.random() < 0.4:
            goals.append("change_use")
    elif rule == "msm":
        substances = [{"name": rng.choice(CHEMSEX), "days_used_last_28": rng.randint(1, 10)}]
        goals = ["change_use"]
    elif rule in ("low_dose", "medication_reduction"):
        drug = rng.choice(("methadone", "methadone", "buprenorphine"))
        final = rule == "low_dose"
        dose = rng.randint(2, 20) if final else rng.randint(20, 90)
        if drug == "buprenorphine":
            dose = max(1, dose // 5)
        medication = {"drug": drug, "daily_dose_mg": dose,
                      "stage": "final_stage" if final else rng.choice(("reducing",
                                                                       "maintenance"))}
        goals = ["achieve_abstinence", "reduce_medication"] if final or rng.random() < 0.8 \
            else ["achieve_abstinence"]
    else:  # recovery_skills, keyworker_judgement and any rule added later
        for name in rng.sample(STIMULANTS, rng.randint(1, 2)):
            substances.append({"name": name, "days_used_last_28": rng.randint(2, 20)})
        goals = [rng.choice(("change_use", "achieve_abstinence"))]
    return {"substances": substances, "abstinent_from_illicit_since": illicit_since,
            "abstinent_from_all_since": all_since, "substitute_medication": medication,
            "goals": goals}
