"""The intake profile (the JSON of domain.md, and what the intake form records), validated.

parse_profile() either returns a Profile the rules can trust or raises ProfileError listing
every problem; nothing is guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from recovery_desk.text_checks import quoted

SEXES = ("male", "female", "intersex", "not_stated")
SUBSTANCES = ("alcohol", "heroin", "other_opioids", "crack", "cocaine", "cannabis",
              "benzodiazepines", "amphetamines", "methamphetamine", "mephedrone", "ghb_gbl",
              "ketamine", "synthetic_cannabinoids", "other")
OPIATES = frozenset({"heroin", "other_opioids"})
DRUGS = ("methadone", "buprenorphine")
STAGES = ("maintenance", "reducing", "final_stage")
GOALS = ("maintain_abstinence", "achieve_abstinence", "change_use", "reduce_drinking",
         "prepare_for_detox", "reduce_medication")
KEYS = ("date_of_birth", "sex", "msm", "substances", "abstinent_from_illicit_since",
        "abstinent_from_all_since", "substitute_medication", "goals", "keyworker_referral")
REQUIRED = ("date_of_birth", "sex")
MAX_AGE_YEARS = 120
MAX_DAILY_DOSE_MG = 500
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DOSE = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")

SUBSTANCE_WORDS = {"ghb_gbl": "GHB/GBL", "other_opioids": "other opioids",
                   "synthetic_cannabinoids": "synthetic cannabinoids",
                   "other": "another substance"}


def substance_words(name: str) -> str:
    return SUBSTANCE_WORDS.get(name, name)


class ProfileError(ValueError):
    """A profile that breaks the schema; problems lists each, in plain English."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Medication:
    drug: str
    daily_dose_mg: float
    stage: str


@dataclass(frozen=True)
class Profile:
    date_of_birth: date
    sex: str
    msm: bool | None
    substances: dict[str, int]
    """Substance name -> days used in the last 28 (only the substances reported)."""
    abstinent_from_illicit_since: date | None
    abstinent_from_all_since: date | None
    substitute_medication: Medication | None
    goals: frozenset[str]
    keyworker_referral: bool

    def days_used(self, name: str) -> int:
        return self.substances.get(name, 0)

    def illicit_use(self) -> dict[str, int]:
        return {n: d for n, d in self.substances.items() if n != "alcohol" and d > 0}

    @property
    def illicit_since(self) -> date | None:
        """Abstinence from all substances includes the illicit ones: the earlier date counts."""
        dates = [d for d in (self.abstinent_from_illicit_since, self.abstinent_from_all_since)
                 if d is not None]
        return min(dates) if dates else None


def _date(value: Any, key: str, problems: list[str]) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f"{key} must be a date written YYYY-MM-DD, not {quoted(value)}")
        return None
    try:
        # fromisoformat alone would also take '20261110' and '2026-W45-1'.
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    problems.append(f"{key} {quoted(value)} is not a real date in the form YYYY-MM-DD")
    return None


def _number_in(value: Any, low: float, high: float) -> bool:
    """A number (not true or false) with low < value <= high. Compared without converting, so
    an integer hundreds of digits long is simply too big rather than an OverflowError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return low < value <= high


def _substances(value: Any, problems: list[str]) -> dict[str, int]:
    if not isinstance(value, list):
        problems.append("substances must be a list of {\"name\", \"days_used_last_28\"}")
        return {}
    found: dict[str, int] = {}
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or set(entry) != {"name", "days_used_last_28"}:
            problems.append(f"substance {number} must have exactly \"name\" and "
                            "\"days_used_last_28\"")
            continue
        name, days = entry["name"], entry["days_used_last_28"]
        if name not in SUBSTANCES:
            problems.append(f"substance {number}: {quoted(name)} is not a known substance "
                            f"({', '.join(SUBSTANCES)})")
            continue
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 28:
            problems.append(f"substance {number} ({name}): days used in the last 28 must be a "
                            f"whole number from 0 to 28, not {quoted(days)}")
            continue
        if name in found:
            problems.append(f"substance {number}: {name} is listed twice")
            continue
        found[name] = days
    return found


def _medication(value: Any, problems: list[str]) -> Medication | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"drug", "daily_dose_mg", "stage"}:
        problems.append("substitute_medication must be null or have exactly \"drug\", "
                        "\"daily_dose_mg\" and \"stage\"")
        return None
    drug, dose, stage = value["drug"], value["daily_dose_mg"], value["stage"]
    before = len(problems)
    if drug not in DRUGS:
        problems.append(f"substitute_medication drug {quoted(drug)} is not one of: "
                        f"{', '.join(DRUGS)}")
    if not _number_in(dose, 0, MAX_DAILY_DOSE_MG):
        problems.append(f"substitute_medication daily_dose_mg must be a number above 0 and at "
                        f"most {MAX_DAILY_DOSE_MG}, not {quoted(dose)}")
    if stage not in STAGES:
        problems.append(f"substitute_medication stage {quoted(stage)} is not one of: "
                        f"{', '.join(STAGES)}")
    return Medication(drug, float(dose), stage) if len(problems) == before else None


def read_daily_dose(text: str) -> float:
    """A daily dose typed in a form ('30', '12.5 mg'), or ValueError saying what is allowed."""
    cleaned = text.strip().lower().removesuffix("mg").strip()
    # Plain digits only: float() would also take '1_0', 'nan' and digits of other scripts.
    dose = float(cleaned) if _DOSE.fullmatch(cleaned) else math.nan
    if not math.isfinite(dose) or not 0 < dose <= MAX_DAILY_DOSE_MG:
        raise ValueError(f"Write the daily dose in mg: a number above 0 and at most "
                         f"{MAX_DAILY_DOSE_MG}.")
    return dose


def parse_profile(data: Any, on: date) -> Profile:
    """Validate an intake profile for a check on the given date."""
    if not isinstance(data, dict):
        raise ProfileError(["the profile must be a JSON object"])
    problems = [f"{quoted(key)} is not a profile field"
                for key in sorted(set(data) - set(KEYS), key=str)]
    problems += [f"{key} is required" for key in REQUIRED if data.get(key) is None]
    born = _date(data.get("date_of_birth"), "date_of_birth", problems)
    if born is not None and born > on:
        problems.append(f"date_of_birth {born} is after the date of the check, {on}")
    elif born is not None and (on.year - born.year) > MAX_AGE_YEARS:
        problems.append(f"date_of_birth {born} would make them over {MAX_AGE_YEARS}")
    sex = data.get("sex")
    if sex is not None and sex not in SEXES:
        problems.append(f"sex {quoted(sex)} is not one of: {', '.join(SEXES)}")
    msm = data.get("msm")
    if msm is not None and not isinstance(msm, bool):
        problems.append(f"msm must be true, false or null, not {quoted(msm)}")
    substances = _substances(data.get("substances", []), problems)
    since: dict[str, date | None] = {}
    for key in ("abstinent_from_illicit_since", "abstinent_from_all_since"):
        since[key] = when = _date(data.get(key), key, problems)
        if when is not None and when > on:
            problems.append(f"{key} {when} is after the date of the check, {on}")
        elif when is not None and born is not None and when < born:
            problems.append(f"{key} {when} is before their date of birth")
    medication = _medication(data.get("substitute_medication"), problems)
    goals = data.get("goals", [])
    if not isinstance(goals, list):
        problems.append("goals must be a list")
        goals = []
    for goal in goals:
        if goal not in GOALS:
            problems.append(f"goal {quoted(goal)} is not one of: {', '.join(GOALS)}")
    referral = data.get("keyworker_referral", False)
    if not isinstance(referral, bool):
        problems.append(f"keyworker_referral must be true or false, not {quoted(referral)}")
    if problems:
        raise ProfileError(problems)
    assert born is not None and sex is not None  # both required: a problem above if missing
    return Profile(born, sex, msm, substances, since["abstinent_from_illicit_since"],
                   since["abstinent_from_all_since"], medication, frozenset(goals), referral)
