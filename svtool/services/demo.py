"""A realistic demonstration evaluation: a home care lot scored 50% written, 50% interview.

Six bidders of different kinds; three evaluators who score independently, each with a reason written for the
bid, and who disagree as real panels do (a point apart on many answers, two points on a few); every stage
submitted, and a consensus argued from their reasons for most answers, the rest still to moderate; local spend and
Real Living Wage questions, and one price low enough to be flagged. Everything is fictional; the measures come
from the shipped ethical care framework.
"""

from __future__ import annotations

import dataclasses
import tempfile
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path

from svtool.domain.evaluation import (
    Attribute,
    Bid,
    Bidder,
    Declaration,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    LivingWageMethod,
    LocalSpendMethod,
    Mitigation,
    Moderation,
    PriceMethod,
    Question,
    Role,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    Stage,
    Submission,
    SupplyLink,
)
from svtool.domain.living_wage import Region
from svtool.domain.moderation import basis_of
from svtool.services import packs, panel
from svtool.services.evaluations import OpenEvaluation, create_evaluation, open_evaluation
from svtool.services.frameworks import user_frameworks_dir
from svtool.services.rates import apply_rate_in_force, load_rates

D = Decimal

SCALE = Scale(
    "0-5",
    "0 to 5",
    (
        ScalePoint(
            D(0), "Unacceptable", "No response, or the response gives no confidence the requirement can be met."
        ),
        ScalePoint(D(1), "Poor", "Major gaps or concerns; little relevant evidence."),
        ScalePoint(D(2), "Weak", "Some of the requirement met, with significant gaps or risks."),
        ScalePoint(D(3), "Satisfactory", "Meets the requirement, with adequate evidence."),
        ScalePoint(D(4), "Good", "Meets the requirement well, with clear evidence and some added value."),
        ScalePoint(D(5), "Excellent", "Exceeds the requirement, with strong, specific evidence and innovation."),
    ),
)

#: The judgement an evaluator writes for each question at each score: the base of every reason, to which they add
#: what the bid itself says (EVIDENCE). Facts belong to the bid, so these say only how good the answer is.
REASONS = {
    "Q1": (
        "No description of how care plans are agreed with the person.",
        "Care planning described only in general terms, with nothing on outcomes.",
        "Some person-centred planning, but the person and family have little part in shaping the plan.",
        "Plans are agreed with the person and family and reviewed; adequate, with little on outcomes.",
        "Plans are built around what matters to the person, and reviews clearly lead to changes.",
        "Outcome-focused planning throughout, with strong evidence of people regaining independence.",
    ),
    "Q2": (
        "No workforce plan.",
        "Relies on agency staff, with no plan to keep care workers.",
        "The recruitment plan is thin and does not deal with turnover.",
        "Local recruitment and induction set out, with a credible plan to reduce turnover.",
        "Good terms for care workers and a clear route to progress, so retention should improve.",
        "Terms, training and progression that should make this a place care workers stay.",
    ),
    "Q3": (
        "No safeguarding approach described.",
        "Safeguarding policy named but not applied to home care.",
        "Policy sound, but escalation routes unclear and training not kept up.",
        "Clear escalation routes and regular training, linked to the local safeguarding board.",
        "Clear routes, regular case reviews and evidence of learning from incidents.",
        "Exemplary: multi-agency working shown with examples, and lessons shared beyond the provider.",
    ),
    "Q4": (
        "No mobilisation plan.",
        "Mobilisation plan lacks timescales.",
        "Plan has timescales but does not deal with the transfer of existing care packages.",
        "Sound plan with timescales, and TUPE addressed.",
        "Detailed plan with named leads and continuity of carers for people transferring.",
        "Detailed, realistic plan with named leads and contingency, and people who use services consulted.",
    ),
    "S3": (
        "No response on co-production.",
        "Mentions consultation only.",
        "Feedback is collected, but people have no role in designing or reviewing the service.",
        "People who use the service review it together, though they do not yet shape decisions.",
        "People who use the service have a real say in decisions such as rotas and service design.",
        "People who use services and carers share in running it, with examples of changes they made.",
    ),
}

#: What each bid said, as the evaluators noted it: bidder -> question -> (written, interview).
EVIDENCE = {
    "ACC": {
        "Q1": (
            "Six-monthly reviews led by the worker-owner who knows the person best; no worked example given.",
            "Two worker-owners walked us through Mr H's plan, rebuilt around getting him back to his allotment.",
        ),
        "Q2": (
            "Recruits through Ashton jobs fairs and Wigan and Leigh College; turnover of 21% last year.",
            "Explained 30-hour guaranteed contracts, paid travel and the co-op's own care academy; turnover 9%.",
        ),
        "Q3": (
            "Named safeguarding lead, annual training, and referrals to the Wigan Safeguarding Adults Board.",
            "Their safeguarding lead described a financial abuse case taken to a multi-agency meeting, and what "
            "changed after it.",
        ),
        "Q4": ("Twelve-week plan with a TUPE consultation timetable for the 46 care workers transferring.",),
        "S3": (
            "Members who use the service elect two seats on the co-op board and voted on the 2025 rota changes.",
            "A member who uses the service co-presented how members chose named-carer teams for each village.",
        ),
    },
    "NHG": {
        "Q1": (
            "The 'My Day' planning tool, with three case studies of people regaining independence after reablement.",
            "The regional director described the plan template but not how the North locality team reviews it.",
        ),
        "Q2": (
            "National academy with a Level 3 diploma route, paid travel time and guaranteed hours; turnover 16%.",
            "The recruitment lead relied on national campaigns and had no local figures for Wigan.",
        ),
        "Q3": (
            "Externally audited safeguarding framework, quarterly case reviews, and a learning bulletin shared "
            "with commissioners.",
            "Escalation routes named, but the manager who would run this contract was not at the interview.",
        ),
        "Q4": (
            "Transition team with named leads, a contingency pool of 30 carers, and a call to every person "
            "transferring.",
        ),
        "S3": (
            "Experts by Experience panel paid for their time, with examples of visit times changed at its request.",
            "The panel turned out to be a national group meeting twice a year, with no one from the locality.",
        ),
    },
    "LHC": {
        "Q1": (
            "Plans agreed at the first visit with the person and family, and reviewed every six months from the "
            "Leigh office.",
            "Their registered manager described reviewing Mrs B's plan with her daughter after a hospital stay.",
        ),
        "Q2": (
            "Recruits locally with Leigh jobcentre; turnover of 27%, with a mentoring scheme to bring it down.",
            "Local induction and a buddy scheme explained, though a third of staff are on zero-hours contracts.",
        ),
        "Q3": (
            "Annual refresher training and a named lead; out-of-hours escalation goes through the on-call manager.",
            "The manager took us through a missed-medication alert and the referral to the council that followed.",
        ),
        "Q4": ("Eight-week plan with TUPE addressed; the 18 people already supported in Leigh keep their carers.",),
        "S3": (
            "A service user forum meets twice a year at the Leigh office; minutes of the last two attached.",
            "They showed changes made after the feedback survey, but people have no part in recruiting staff.",
        ),
    },
    "WSE": {
        "Q1": (
            "'What matters to me' conversations, quarterly reviews, and Mr T back at his walking group after a fall.",
            "A care coordinator explained how a visit plan was rebuilt with a man with dementia and his wife.",
        ),
        "Q2": (
            "Guaranteed-hours contracts for all, paid travel time, a route to senior carer; turnover of 19%.",
            "Described their apprenticeship with Wigan and Leigh College and exit interviews for every leaver.",
        ),
        "Q3": (
            "A safeguarding champion in each team, quarterly case reviews, and two lessons from 2025 incidents.",
            "Their champion described a concern about a neighbour's visits escalated to the council the same day.",
        ),
        "Q4": (
            "Ten-week plan with a named lead for each area, and the same carers kept for the 60 people transferring.",
        ),
        "S3": (
            "People who use the service hold three of the nine board seats and co-designed the evening rota.",
            "Two board members who use the service explained the changes they made to call times and complaints.",
        ),
    },
    "PSS": {
        "Q1": (
            "Quarterly reviews in a digital care plan that families can read, with a worked example after a stroke.",
            "The team leaned on the written answer and could not describe a review they had led in the area.",
        ),
        "Q2": (
            "Paid travel time and a progression framework from their Rochdale base; turnover of 20%.",
            "New staff would travel from Rochdale until local recruitment builds up, which could take a year.",
        ),
        "Q3": (
            "Quarterly audits by their quality team and a lessons-learned log that every carer signs.",
            "Clear escalation routes, but the safeguarding training for new starters was not yet costed.",
        ),
        "Q4": ("Twelve-week plan with named leads, relying on a new Wigan office that opens in week eight.",),
        "S3": (
            "A quarterly newsletter, and people who use services were asked to comment on the draft rota.",
            "Described their Rochdale forum, which reviews the service twice a year, and offered one here.",
        ),
    },
    "CUK": {
        "Q1": (
            "Standard national care plan template, reviewed every six months with family input at the first review.",
            "Could not explain how outcomes are measured beyond the share of visits completed on time.",
        ),
        "Q2": (
            "A local recruitment drive, with induction in the first week; turnover of 29% and a retention bonus.",
            "Confirmed travel time is unpaid and relief staff come from an agency in Manchester.",
        ),
        "Q3": (
            "Named safeguarding lead and annual e-learning; escalation goes through the regional office in Leeds.",
            "Staff were unsure who raises a referral out of hours, and training is e-learning only.",
        ),
        "Q4": ("Six-week plan with timescales and TUPE addressed; no named leads for the North locality yet.",),
        "S3": (
            "Proposes a user forum chaired by the registered manager, meeting twice a year in Wigan.",
            "Co-production meant the annual satisfaction survey, with no example of a change made as a result.",
        ),
    },
}

STAGES = ("written", "interview")  # the order of PROFILES' and EVIDENCE's pairs
# Each bidder's underlying quality in writing and at interview (the evaluators' scores vary around these).
PROFILES = {  # bidder id: (written, interview)
    "ACC": (3, 5),
    "NHG": (5, 3),
    "LHC": (3, 3),
    "WSE": (4, 4),
    "PSS": (4, 3),
    "CUK": (3, 2),
}
#: How each evaluator's scores lean from the lead's, where their lean shows: Jo is generous, Chris strict.
EVALUATOR_LEAN = {"E1": 0, "E2": 1, "E3": -1}
Answer = tuple[str, str, str]  # bidder, question, stage
#: Answers on which both leans show, so Jo and Chris are two points apart and the answer is flagged.
FAR_APART = frozenset({("LHC", "Q3", "written"), ("PSS", "S3", "written"), ("WSE", "Q1", "interview")})
#: Written answers still to moderate, as well as every Q2 interview: each one the evaluators disagree on.
TO_MODERATE = frozenset({("LHC", "Q3", "written"), ("PSS", "S3", "written"), ("CUK", "Q1", "written")})
#: When each member submitted each stage: all are in, so the demo is ready for moderation. (In the order the store
#: reads them back, member then stage id, so that a stored copy compares equal.)
SUBMITTED = {
    ("E1", "interview"): "2026-09-25T17:30:00+00:00",
    ("E1", "written"): "2026-09-18T16:00:00+00:00",
    ("E2", "interview"): "2026-09-25T16:45:00+00:00",
    ("E2", "written"): "2026-09-17T11:20:00+00:00",
    ("E3", "interview"): "2026-09-26T09:10:00+00:00",
    ("E3", "written"): "2026-09-18T14:35:00+00:00",
}


def _leaning(answer: Answer) -> tuple[str, ...]:
    """The evaluators whose lean shows on an answer: Jo's on about a third of answers, Chris's on another third.
    A CRC of the answer's ids mixes them well and, unlike hash(), is the same on every run."""
    if answer in FAR_APART:
        return ("E2", "E3")
    return ((), ("E2",), ("E3",))[zlib.crc32("/".join(answer).encode()) % 3]


def _base(bidder: Bidder, question_id: str, stage: str) -> int:
    base = PROFILES[bidder.id][STAGES.index(stage)]
    if question_id == "S3" and bidder.attributes & {Attribute.CO_OPERATIVE, Attribute.VCSE}:
        base += 1  # organisations run by their members involve the people they serve
    return min(5, base)


def _given(bidder: Bidder, question_id: str, stage: str) -> dict[str, int]:
    """Each evaluator's score for one answer: the bid's quality, moved by their lean where it shows."""
    base, leaning = _base(bidder, question_id, stage), _leaning((bidder.id, question_id, stage))
    return {
        member: max(0, min(5, base + (lean if member in leaning else 0))) for member, lean in EVALUATOR_LEAN.items()
    }


def _reason(bidder_id: str, question_id: str, stage: str, value: int) -> str:
    """An evaluator's note: their judgement at the score given, and what this bid said that earned it."""
    return f"{REASONS[question_id][value]} {EVIDENCE[bidder_id][question_id][STAGES.index(stage)]}"


def _agreed(given: dict[str, int]) -> int:
    """The score the panel settles on: the one two of the three gave or, where all three differ, the middle one,
    so always a point on the scale."""
    return sorted(given.values())[len(given) // 2]


def _rationale(evaluators: tuple[Evaluator, ...], answer: Answer, given: dict[str, int], agreed: int) -> str:
    """What the panel agreed and why, from the evaluators' own reasons; anyone who scored otherwise is named with
    their judgement, and how the discussion ended."""
    bidder_id, question_id, stage = answer
    name = {v.id: v.name.split(",")[0] for v in evaluators}
    agreeing = [name[m] for m, v in given.items() if v == agreed]
    who = "all three evaluators" if len(agreeing) == len(given) else " and ".join(agreeing)
    label = SCALE.points[agreed].label  # the 0-5 scale's points are listed in order from 0
    said = [f"Agreed {agreed} ({label}), as {who} scored it.", _reason(bidder_id, question_id, stage, agreed)]
    said += [
        f'{name[m]} had given {v} ("{REASONS[question_id][v]}") and, after discussion, accepted {agreed}.'
        for m, v in given.items()
        if v != agreed
    ]
    return " ".join(said)


def _submissions() -> tuple[Submission, ...]:
    return tuple(Submission(member, stage, at) for (member, stage), at in SUBMITTED.items())


def demo_evaluation() -> Evaluation:
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(40)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(40)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)),
    )
    questions = (
        Question("P1", "price", "Price for the three-year contract", D(40), PriceMethod()),
        Question("Q1", "quality", "Person-centred care and outcomes", D(15), ScaleMethod("0-5", min_score=D(2))),
        Question("Q2", "quality", "Recruiting, retaining and developing care workers", D(10), ScaleMethod("0-5")),
        Question("Q3", "quality", "Safeguarding", D(10), ScaleMethod("0-5", min_score=D(2))),
        Question("Q4", "quality", "Mobilisation and continuity of care", D(5), ScaleMethod("0-5", stages=("written",))),
        Question("S1", "sv", "Contract spend in the borough", D(5), LocalSpendMethod("EC-L2", target_percent=D(60))),
        Question(
            "S2",
            "sv",
            "Care workers paid the Real Living Wage",
            D(5),
            LivingWageMethod("EC-W1", accredited_measure_id="EC-W2"),
        ),
        Question("S3", "sv", "Co-production with people who use services", D(10), ScaleMethod("0-5"), "EC-P1"),
    )
    # Whether a bidder is local is computed from its postcode district and the boundary below (domain/postcodes.py).
    bidders = (
        Bidder(
            "ACC",
            "Ashton Care Co-operative",
            frozenset({Attribute.CO_OPERATIVE, Attribute.SME}),
            address="12 Gerard Street, Ashton-in-Makerfield",
            postcode="WN4 9AB",
            identifier="IP031842",
            supply_chain=(SupplyLink("WN4 8AA", D(12)), SupplyLink("WN2 4XZ", D(6))),
        ),
        Bidder(
            "NHG",
            "National Homecare Group plc",
            address="1 Park Row, Leeds",
            postcode="LS1 5AB",
            identifier="04417265",
            supply_chain=(SupplyLink("LS11 5DD", D(20)),),
        ),
        Bidder(
            "LHC",
            "Leigh Homecare Ltd",
            frozenset({Attribute.SME}),
            address="48 Bradshawgate, Leigh",
            postcode="WN7 4NB",
            identifier="09876543",
        ),
        Bidder(
            "WSE",
            "Wigan Borough Care CIC",
            frozenset({Attribute.SOCIAL_ENTERPRISE, Attribute.VCSE}),
            address="Wigan Life Centre, College Avenue, Wigan",
            postcode="WN1 1NJ",
            identifier="11223344",
            supply_chain=(SupplyLink("WN1 2DA", D(15)), SupplyLink("M46 0PA")),
        ),
        Bidder(
            "PSS",
            "Pennine Support Services Ltd",
            frozenset({Attribute.SME}),
            address="3 Union Street, Oldham",
            postcode="OL1 1HE",
            identifier="07654321",
        ),
        Bidder(
            "CUK", "Careline UK Ltd", address="100 Colmore Row, Birmingham", postcode="B3 3AG", identifier="03141592"
        ),
    )
    bids = (
        Bid("ACC", D("4650000.00"), {"EC-L2": D(72), "EC-W1": D(100), "EC-W2": D(1)}),
        Bid("NHG", D("4180000.00"), {"EC-L2": D(18), "EC-W1": D(60)}),
        Bid("LHC", D("4420000.00"), {"EC-L2": D(64), "EC-W1": D(85)}),
        Bid("WSE", D("4560000.00"), {"EC-L2": D(80), "EC-W1": D(100)}),
        Bid("PSS", D("4300000.00"), {"EC-L2": D(35), "EC-W1": D(90)}),
        Bid("CUK", D("3250000.00"), {"EC-L2": D(10), "EC-W1": D(40)}),
    )
    evaluators = (
        Evaluator("E1", "Sam Patel, commissioning manager", Role.LEAD),
        Evaluator("E2", "Jo Robinson, quality assurance officer"),
        Evaluator("E3", "Chris Doyle, contracts officer"),
    )
    # Each member declares about each bidder before seeing the bids; Chris once worked for one of them.
    declarations = tuple(
        Declaration(
            v.id,
            b.id,
            True,
            "Worked for National Homecare Group plc until 2019; no continuing interest.",
            "2026-09-01",
            Mitigation.CARRY_ON,
            "A past role, ended over five years ago, with no shares or "
            "continuing ties: Chris scores, and the declaration is recorded with the evaluation.",
        )
        if (v.id, b.id) == ("E3", "NHG")
        else Declaration(v.id, b.id, False, "No conflict of interest.", "2026-09-01")
        for v in evaluators
        for b in bidders
    )
    scores, moderations = [], []
    for question in questions:
        if not isinstance(question.method, ScaleMethod):
            continue
        for bidder in bidders:
            for stage in question.method.stages or STAGES:
                answer = (bidder.id, question.id, stage)
                given = _given(bidder, question.id, stage)
                scores += [
                    Score(
                        member, bidder.id, question.id, stage, D(value), _reason(bidder.id, question.id, stage, value)
                    )
                    for member, value in given.items()
                ]
                # The panel has met on every answer but the Q2 interviews and a few written answers in dispute.
                if not ((question.id == "Q2" and stage == "interview") or answer in TO_MODERATE):
                    agreed = _agreed(given)
                    moderations.append(
                        Moderation(
                            *answer,
                            D(agreed),
                            _rationale(evaluators, answer, given, agreed),
                            feedback=f"Scored {agreed} of 5. {REASONS[question.id][agreed]}",
                            basis=basis_of(s for s in scores if (s.bidder_id, s.question_id, s.stage_id) == answer),
                        )
                    )
    evaluation = Evaluation(
        title="Care at home, Lot 1: North locality",
        reference="DEMO-HC-2026-001",
        contract_value=D("4800000.00"),
        envelopes=envelopes,
        questions=questions,
        scales=(SCALE,),
        stages=(Stage("written", "Written"), Stage("interview", "Interview")),
        split={"written": D(50), "interview": D(50)},
        bidders=bidders,
        bids=bids,
        evaluators=evaluators,
        scores=tuple(scores),
        moderations=tuple(moderations),
        framework_id="ethical-care",
        lm3_respend_percent=D(40),
        declarations=declarations,
        submissions=_submissions(),
        local_boundary=("WN1", "WN2", "WN3", "WN4", "WN5", "WN6", "WN7", "M29", "M46"),
        tender_date=date(2026, 7, 1),
        living_wage_region=Region.UK,
        cwb_targets={Attribute.SME: D(30), Attribute.VCSE: D(15), Attribute.LOCAL: D(40)},
    )
    # The rate in force at the tender date, from the shipped table only, so the demonstration is the same everywhere.
    return apply_rate_in_force(evaluation, load_rates())


def create_demo(path: Path, actor: str = "svtool demo") -> OpenEvaluation:
    """The demonstration as a file whose audit trail tells how it came to be: the lead sets it up with Sam's
    and Chris's scores, Jo scores offline in an evaluator's pack (exported, declared, scored, submitted and
    sealed, then imported), and the lead records the consensus reached so far."""
    full = demo_evaluation()
    offline = "E2"
    opened = create_evaluation(
        dataclasses.replace(
            full,
            scores=tuple(s for s in full.scores if s.evaluator_id != offline),
            declarations=tuple(d for d in full.declarations if d.evaluator_id != offline),
            submissions=tuple(s for s in full.submissions if s.evaluator_id != offline),
            moderations=(),
        ),
        path,
        actor,
    )
    try:
        opened.act_as("E1", actor)
        with tempfile.TemporaryDirectory(prefix="svtool-demo-") as folder:
            pack_path = Path(folder) / f"{offline} pack{packs.SUFFIX}"
            packs.export_pack(opened, offline, pack_path)
            pack = open_evaluation(pack_path)
            try:
                pack.act_as(offline, actor)
                panel.declare(pack, offline, None, None)
                for score in full.scores:
                    if score.evaluator_id == offline:
                        pack.record_score(score)
                panel.submit(pack, offline)
            finally:
                pack.close()
            packs.import_pack(opened, pack_path)
        opened.moderate_many(list(full.moderations))
    except BaseException:
        opened.close()
        raise
    return opened


def demo_path() -> Path:
    """The demonstration evaluation in the user's data folder, created the first time it is asked for."""
    path = user_frameworks_dir().parent / "demo.svt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        create_demo(path).close()
    return path
