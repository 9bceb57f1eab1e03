"""The shipped PPN 002 and PPN 06/20 files hold the published models' numbers and wording, and say plainly
what they do not hold. Counts and strings are pinned to the sources named in the files' header comments."""

from __future__ import annotations

from pathlib import Path

from svtool.domain.framework import Framework, MeasureKind, MeasureRole
from svtool.frameworks.textformat import read_framework_file

FRAMEWORKS = Path(__file__).resolve().parents[2] / "frameworks"


def load(name: str) -> Framework:
    return read_framework_file(FRAMEWORKS / name)


def criteria(framework: Framework) -> dict[str, str]:
    return {m.ref: m.title for m in framework.with_role(MeasureRole.AWARD_CRITERION)}


def test_ppn_002_counts() -> None:
    model = load("ppn-002.toml")
    assert model.theme_words == ("mission", "missions")
    assert len(model.themes) == 5 and model.info.published_themes == 5
    assert len(model.outcomes) == 8 and model.info.published_outcomes == 8
    # The published award criteria of outcome 1 that a source showed: 1a to 1e. Outcomes 2-8: none yet.
    assert list(criteria(model)) == ["1a", "1b", "1c", "1d", "1e"]
    assert {m.outcome_id for m in model.with_role(MeasureRole.AWARD_CRITERION)} == {"O1"}
    # 33 Standard Reporting Metrics are published; the file holds none of them and says so.
    assert model.info.published_metrics == 33 and model.with_role(MeasureRole.REPORTING_METRIC) == ()
    assert "33 Standard Reporting Metrics are not included" in model.info.note
    assert model.contents() == "5 missions, 8 outcomes, 5 award criteria, 0 of 33 reporting metrics, 7 measures"


def test_ppn_002_wording() -> None:
    model = load("ppn-002.toml")
    assert [t.title for t in model.themes] == [
        "Kickstart economic growth",
        "Make Britain a clean energy superpower",
        "Take back our streets",
        "Break down barriers to opportunity",
        "Build an NHS fit for the future",
    ]
    assert model.outcome("O1").title == "Fair work"
    assert model.outcome("O1").description == (
        "Fair work offering fair wages and good working conditions, alongside helping people to get a job, "
        "stay in work and achieve career progression."
    )
    assert criteria(model)["1a"] == "Create and retain high quality jobs"
    assert criteria(model)["1b"] == "Fair working conditions"
    assert criteria(model)["1c"] == "Fair pay practices"
    assert criteria(model)["1d"] == "In-work progression to help people to move into work by developing new skills"
    assert model.measure("PPN002-1a").label == "1a Create and retain high quality jobs"


def test_ppn_002_marks_what_was_not_confirmed() -> None:
    model = load("ppn-002.toml")
    assert not model.outcome("O1").unconfirmed
    assert all(model.outcome(f"O{n}").unconfirmed for n in range(2, 9))
    assert model.measure("PPN002-1e").unconfirmed and "Identifying and managing" in model.measure("PPN002-1e").title
    assert not any(model.measure(f"PPN002-1{x}").unconfirmed for x in "abcd")
    # No svtool measure borrows a published number: only criteria carry a ref.
    stand_ins = model.with_role(MeasureRole.MEASURE)
    assert len(stand_ins) == 7 and all(not m.ref and m.kind is MeasureKind.QUALITATIVE for m in stand_ins)
    assert all(m.id == f"PPN002-{m.outcome_id}" for m in stand_ins)


def test_ppn_06_20_counts() -> None:
    model = load("ppn-06-20.toml")
    assert model.theme_words == ("theme", "themes")
    assert len(model.themes) == 5 and len(model.outcomes) == 8
    assert list(criteria(model)) == [
        "MAC 1.1",
        "MAC 2.1",
        "MAC 2.2",
        "MAC 3.1",
        "MAC 4.1",
        "MAC 5.1",
        "MAC 5.2",
        "MAC 6.1",
        "MAC 7.1",
        "MAC 8.1",
    ]
    assert model.info.published_metrics == 52 and model.with_role(MeasureRole.REPORTING_METRIC) == ()
    # Every criterion's number names its outcome: MAC <n>.x sits under policy outcome PO<n>.
    for measure in model.with_role(MeasureRole.AWARD_CRITERION):
        assert measure.outcome_id == "PO" + measure.ref.removeprefix("MAC ").split(".")[0]
    assert model.contents() == "5 themes, 8 outcomes, 10 award criteria, 0 of 52 reporting metrics"


def test_ppn_06_20_wording() -> None:
    model = load("ppn-06-20.toml")
    assert [t.title for t in model.themes] == [
        "COVID-19 recovery",
        "Tackling economic inequality",
        "Fighting climate change",
        "Equal opportunity",
        "Wellbeing",
    ]
    assert [o.title for o in model.outcomes] == [
        "Help local communities to manage and recover from the impact of COVID-19",
        "Create new businesses, new jobs and new skills",
        "Increase supply chain resilience and capacity",
        "Effective stewardship of the environment",
        "Reduce the disability employment gap",
        "Tackle workforce inequality",
        "Improve health and wellbeing",
        "Improve community integration",
    ]
    assert criteria(model)["MAC 5.1"] == (
        "Demonstrate action to increase the representation of disabled people in the contract workforce"
    )
    assert criteria(model)["MAC 5.2"] == (
        "Support disabled people in developing new skills relevant to the contract, including through training "
        "schemes that result in recognised qualifications"
    )
    confirmed = {m.ref for m in model.with_role(MeasureRole.AWARD_CRITERION) if not m.unconfirmed}
    assert confirmed == {"MAC 5.1", "MAC 5.2"}


def test_shipped_frameworks_that_omit_published_parts_say_so() -> None:
    for path in sorted(FRAMEWORKS.glob("*.toml")):
        framework = read_framework_file(path)
        info = framework.info
        held = len(framework.with_role(MeasureRole.REPORTING_METRIC))
        if info.published_metrics is not None and held < info.published_metrics:
            assert "not included" in info.note, path.name
        for measure in framework.measures:
            if measure.unconfirmed:
                assert measure.note, f"{path.name}: {measure.id} is unconfirmed without saying why"


def test_local_frameworks_hold_the_measures_the_seeds_name() -> None:
    cwb = load("community-wealth-building.toml")
    titles = {m.id: m.title for m in cwb.measures}
    assert titles["CWB-VC3"] == "Support for co-operative development"
    assert titles["CWB-J3"] == "Supported employment for disabled people"
    assert titles["CWB-J4"] == "Jobs for people with convictions (ex-offenders)"
    assert titles["CWB-F2"] == "Recognition of a trade union for the contract workforce"
    spend = cwb.measure("CWB-VC4")
    assert spend.unit == "%" and {"sme", "vcse", "co-operative"} <= set(spend.tags)
    care = load("ethical-care.toml")
    outcome_based = care.measure("EC-P4")
    assert outcome_based.title == "Outcome-based support rather than time-and-task visits"
    assert outcome_based.kind is MeasureKind.QUALITATIVE
    assert care.outcome(outcome_based.outcome_id).title == "Care commissioned for outcomes, not minutes"
