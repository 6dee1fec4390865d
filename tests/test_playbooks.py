"""Playbooks: the format and its located errors, placeholders, generators, answers, rule limits, and
a seat that plays by the player's rules with dice of its own. Most tests play the tiny world."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.ai import UtilityPolicy
from game.ai.playbook import (
    AI_PLAYBOOK,
    RANDOM_PLAYBOOK,
    LoadedPlaybook,
    PlaybookError,
    PlaybookSeat,
    built_in,
    check_playbook,
    load_playbook,
    load_playbooks,
    play_seat,
)
from game.ai.playbook.conditions import DEAL_NAMES, SEAT_NAMES
from game.ai.playbook.expand import GENERATE, Moment, expand
from game.ai.playbook.notation import GENERATORS, PLACEHOLDERS, parse_spec
from game.engine.game import Game
from game.engine.records import ActionTaken, Answered, CounterOffered, OptionChosen, Proposed, Signed, Verdict
from game.engine.state import Agreement
from game.mods.content import Content
from game.mods.loader import load_content

ROOT = Path(__file__).parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SHIPPED = ROOT / "content" / "playbooks"


def write(tmp_path: Path, text: str, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def errors_of(path: Path, content: Content) -> list[str]:
    with pytest.raises(PlaybookError) as e:
        load_playbook(path, content)
    return [str(err).split(":", 1)[1] for err in e.value.errors]


def playbook(content: Content, **data: object) -> LoadedPlaybook:
    return check_playbook(dict(data), content, "test")


@pytest.fixture(scope="module")
def gestures(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The tiny world with two free, harmless actions, so a test can count moves a month."""
    mod = tmp_path_factory.mktemp("gestures")
    (mod / "mod.toml").write_text('id = "gestures"\nname = "Gestures"\nrequires = ["mini"]\n')
    (mod / "gestures.toml").write_text(
        '[[action]]\nid = "wave"\nname = "Wave"\ncost = 0\n[[action]]\nid = "nod"\nname = "Nod"\ncost = 0\n'
    )
    return load_content([MINI, mod], use_cache=False)


@pytest.fixture(scope="module")
def offering(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The tiny world where the computer puts forward every deal it likes: Blue asks Red for tribute."""
    mod = tmp_path_factory.mktemp("offering")
    (mod / "mod.toml").write_text('id = "offering"\nname = "Offering"\nrequires = ["mini"]\n')
    world = (MINI / "world.toml").read_text()
    rules = world[world.index("[rules]") : world.index("[[scenario]]")]
    (mod / "rules.toml").write_text(rules.replace("ai_proposal_chance = 0.0", "ai_proposal_chance = 1.0"))
    (mod / "tribute.toml").write_text(
        '[[package]]\nid = "tribute"\nname = "Tribute"\nterms = ["red_pays"]\nproposers = ["blue"]\n'
    )
    return load_content([MINI, mod], use_cache=False)


def red_game(content: Content, seed: int = 3) -> Game:
    return Game(content, None, "red", seed, policy=UtilityPolicy())


def moves_of(spec: str, game: Game, fired: int = 0, seat: str = "red") -> list[str]:
    at = Moment(game, seat, random.Random(0), fired)
    return [m.notation() for m in expand(parse_spec(spec), at)]


# -- the format and its errors -------------------------------------------------------------------


def test_schema_errors_are_placed_and_explained(tmp_path: Path, mini: Content) -> None:
    path = write(
        tmp_path,
        'name = "Broken"\npowres = ["red"]\nseed = -1\n[[rule]]\ntry = []\ntake = "some"\n[offers]\nanswer = "maybe"\n',
    )
    errs = errors_of(path, mini)
    assert "2:1: unknown key 'powres'; did you mean 'powers'?" in errs
    assert any(e.startswith("3:8: seed: Input should be greater than or equal to 0") for e in errs)
    assert any(e.startswith("5:7: rule.try: List should have at least 1 item") for e in errs)
    assert any(e.startswith("6:8: rule.take: Input should be 'first' or 'all'") for e in errs)
    assert any(e.startswith("8:10: offers.answer: Input should be") for e in errs)


def test_every_problem_against_the_content_is_reported_with_its_place(tmp_path: Path, mini: Content) -> None:
    path = write(
        tmp_path,
        'name = "Broken"\n'
        'powers = ["red", "purple"]\n'
        "\n"
        "[[rule]]\n"
        'when = "tensoin > 5"\n'
        'try = ["act shuot", "cheapest actoin", "propose {partys} join_talks", "talk {parties}"]\n'
        "\n"
        "[[rule]]\n"
        'when = "deal_gives > 0"\n'
        'try = ["accept", "actions tagged lound", "action raising tensoin"]\n'
        "\n"
        "[events]\n"
        'choose = { dilemma = "panic", nothing = "x" }\n'
        'prefer = ["clam"]\n'
        "[offers]\n"
        'accept_when = "deal_gives == 0 and ai_accepts and flag(\\"nope\\")"\n',
    )
    errs = errors_of(path, mini)
    assert errs == [
        "2:18: unknown power 'purple'",
        "13:22: dilemma has no option 'panic' (options: calm, rage)",
        "13:31: unknown event 'nothing'",
        "14:11: unknown option 'clam'; did you mean 'calm'?",
        "5:9: unknown name 'tensoin'; did you mean 'tension'?",
        "6:13: unknown action 'shuot'; did you mean 'shout'?",
        "6:22: 'cheapest actoin' is neither a move (end, act, propose, declare, talk, break) nor a generator; "
        "generators are: " + ", ".join(f"`{u}`" for u in GENERATORS.values()),
        "6:49: unknown placeholder '{partys}' (placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + ")",
        "6:77: '{parties}' cannot stand for the power to talk to here",
        "9:9: unknown name 'deal_gives' (the deal's names are read only in [offers] and [counters])",
        "10:9: 'accept' answers something: say how in [events], [offers] or [counters]",
        "10:34: no action has the tag 'lound'; did you mean 'loud'?",
        "10:58: unknown global variable 'tensoin'; did you mean 'tension'?",
        "16:56: unknown flag 'nope' (no content sets it, and the scenario does not start with it)",
    ]


def test_a_file_that_is_not_toml_is_one_located_error(tmp_path: Path, mini: Content) -> None:
    path = write(tmp_path, 'name = "x"\n[[rule]\ntry = ["end"]\n')
    (err,) = errors_of(path, mini)
    assert err.startswith("2:") and "TOML syntax" in err


def test_a_folder_of_playbooks_reports_every_file_and_never_stops_at_the_first(tmp_path: Path, mini: Content) -> None:
    write(tmp_path, "name = 3\n", "a.toml")
    write(tmp_path, '[[rule]]\ntry = ["act nothing"]\n', "b.toml")
    write(tmp_path, '[[rule]]\ntry = ["end"]\n', "c.toml")
    with pytest.raises(PlaybookError) as e:
        load_playbooks([tmp_path, tmp_path / "missing.toml"], mini)
    shown = [str(x) for x in e.value.errors]
    assert [s.split(":")[0].rsplit("/", 1)[-1] for s in shown] == ["a.toml", "b.toml", "missing.toml"]
    assert shown[-1].endswith("missing.toml:1:1: no such playbook file or folder")


def test_the_same_name_twice_in_one_run_is_an_error(tmp_path: Path, mini: Content) -> None:
    other = tmp_path / "other"
    other.mkdir()
    write(tmp_path, '[[rule]]\ntry = ["end"]\n', "same.toml")
    write(other, '[[rule]]\ntry = ["end"]\n', "same.toml")
    with pytest.raises(PlaybookError, match="a playbook named 'same' is also"):
        load_playbooks([tmp_path / "same.toml", other], mini)


def test_content_loading_skips_a_mods_playbooks_folder(tmp_path: Path) -> None:
    mod = tmp_path / "mod"
    (mod / "playbooks").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "m"\nname = "M"\nstandalone = true\n')
    for f in sorted(MINI.glob("*.toml")):
        if f.name != "mod.toml":
            (mod / f.name).write_text(f.read_text())
    # A playbook is no content file: were it read as one, `rule` would be an unknown key.
    (mod / "playbooks" / "p.toml").write_text('[[rule]]\ntry = ["end"]\n')
    content = load_content([mod], use_cache=False)
    assert not any("playbooks" in f for f in content.files)


def test_every_shipped_playbook_loads_and_together_they_cover_what_the_issue_lists() -> None:
    content = load_content()
    books = {pb.id: pb for pb in load_playbooks([SHIPPED], content)}
    assert len(books) >= 30
    for power in content.powers:
        assert any(pb.model.powers and power in pb.model.powers for pb in books.values()), power
    for wanted in (
        "do_nothing",
        "random",
        "every_package",
        "statement_spam",
        "always_escalate",
        "always_concede",
        "cheapest_action",
        "historical",
        "repeat_refused",
        "break_after_signing",
        "six_party_every_month",
    ):
        assert wanted in books, wanted
    assert any("bundle" in pid for pid in books) and any("shop" in pid for pid in books)
    assert books["six_party_every_month"].model.powers == ["chn", "rus"]
    assert all(pb.model.name and pb.model.description for pb in books.values())


def test_the_docs_name_every_generator_placeholder_and_name() -> None:
    text = (ROOT / "docs" / "playbooks.md").read_text()
    for usage in GENERATORS.values():
        assert f"`{usage.replace('TAG[,TAG...]', 'T,...').replace('VARIABLE', 'VAR')}`" in text, usage
    for p in PLACEHOLDERS:
        assert f"`{{{p}}}`" in text, p
    for name in (*SEAT_NAMES, *DEAL_NAMES):
        assert f"`{name}`" in text, name
    for pb in sorted(SHIPPED.glob("*.toml")):
        assert f"`{pb.stem}`" in text, pb.stem
    assert set(GENERATE) == set(GENERATORS)


# -- placeholders and generators ------------------------------------------------------------------


def test_placeholders_stand_for_the_seat_the_others_and_the_parties(mini: Content) -> None:
    g = red_game(mini)
    assert moves_of("talk {each}", g) == ["talk blue", "talk green"]
    assert [moves_of("act soothe {next}", g, fired=k) for k in range(3)] == [
        ["act soothe blue"],
        ["act soothe green"],
        ["act soothe blue"],
    ]
    assert moves_of("propose {parties} red_stop_shouting+blue_stop_shouting", g) == [
        "propose blue red_stop_shouting+blue_stop_shouting"
    ]
    assert moves_of("propose {parties},{next} join_talks", g) == ["propose blue,green join_talks"]
    assert moves_of("propose {parties},{each} blue_pays", g) == ["propose blue,green blue_pays"]  # Blue is named
    assert moves_of("propose {each} red_pays", g) == ["propose blue red_pays", "propose green red_pays"]
    assert moves_of("declare calm_down {cosigners}", g) == ["declare calm_down green"]
    assert moves_of("act soothe {self}", g) == ["act soothe red"]
    assert moves_of("break {newest}", g) == []  # nothing signed yet


def test_newest_and_oldest_name_the_seats_agreements(mini: Content) -> None:
    g = red_game(mini)
    g.play("propose blue red_pays")  # Blue signs at once
    (first,) = g.state.agreements
    # Two more, as if signed in later months; only the seat's own count.
    g.state.agreements += [
        Agreement("deal8", ("blue", "green"), ("green_blesses",), 2),
        Agreement("deal9", ("red", "green"), ("green_blesses",), 3),
    ]
    assert moves_of("break {newest}", g) == ["break deal9"]
    assert moves_of("break {oldest}", g) == [f"break {first.id}"]


def test_action_generators_list_what_is_legal_in_their_order(mini: Content) -> None:
    g = red_game(mini)
    assert moves_of("actions", g) == ["act shout", "act soothe blue", "act soothe green"]
    assert moves_of("actions tagged kind", g) == ["act soothe blue", "act soothe green"]
    assert moves_of("cheapest action", g)[0] == "act shout"
    assert moves_of("action raising tension", g) == ["act shout"]
    assert moves_of("action lowering tension", g) == ["act soothe blue", "act soothe green"]
    # the preview behind raising/lowering changes nothing
    before = g.state_hash()
    moves_of("action raising tension", g)
    assert g.state_hash() == before


def test_deal_generators_put_each_deal_to_the_powers_it_needs(mini: Content) -> None:
    g = red_game(mini)
    # only Blue may put the quiet pact forward by name: Red proposes its terms
    assert moves_of("packages", g) == ["propose blue red_stop_shouting+blue_stop_shouting"]
    assert moves_of("package quiet_pact", g) == ["propose blue red_stop_shouting+blue_stop_shouting"]
    assert moves_of("asks", g) == [
        "propose blue blue_stop_shouting",
        "propose blue blue_pays",
        "propose green green_blesses",
    ]
    assert moves_of("concessions", g) == ["propose blue,green red_stop_shouting", "propose blue,green red_pays"]
    assert moves_of("statements", g) == ["declare calm_down green"]
    assert moves_of("talks", g) == ["talk blue", "talk green"]


def test_random_moves_use_the_playbooks_dice_never_the_games(mini: Content) -> None:
    g = red_game(mini)
    before = g.state.rng.getstate()
    at = Moment(g, "red", random.Random(5))
    drawn = [m.notation() for _ in range(60) for m in expand(parse_spec("random move"), at)]
    assert g.state.rng.getstate() == before
    assert len(drawn) == 60 and set(drawn) <= {m.notation() for m in g.legal_moves()} and len(set(drawn)) > 3
    again = Moment(g, "red", random.Random(5))
    assert drawn == [m.notation() for _ in range(60) for m in expand(parse_spec("random move"), again)]


def test_repeat_refused_proposes_the_last_unsigned_deal_again(mini: Content) -> None:
    pb = playbook(
        mini,
        counters={"answer": "refuse"},
        rule=[{"try": ["repeat refused"], "repeat": 2}, {"when": "refusals == 0", "try": ["propose blue blue_pays"]}],
    )
    g = red_game(mini)
    PlaybookSeat(pb, g, "red").play_to_end()
    asked = [m for t, m in g.move_turns if m.startswith("propose")]
    assert asked and set(asked) == {"propose blue blue_pays"}
    assert len(asked) > 2


def test_the_history_generator_plays_what_the_seats_power_really_did() -> None:
    content = load_content()
    g = Game(content, None, "chn", 11, policy=UtilityPolicy())
    while g.phase.value != "diplomacy":
        g.auto_answer()
    assert moves_of("history", g, seat="chn") == ["declare dual_freeze_call rus", "declare oppose_thaad rus"]


# -- playing a seat -------------------------------------------------------------------------------


def test_illegal_tries_are_skipped_and_the_seat_plays_by_the_players_rules(mini: Content) -> None:
    pb = playbook(mini, rule=[{"try": ["act expensive", "act blue_only", "act shout"]}])
    g = red_game(mini)
    seat = PlaybookSeat(pb, g, "red")
    seat.play_to_end()
    assert g.over
    assert seat.stats.skipped >= 2 * g.turn  # `expensive` costs 9 and `blue_only` is Blue's
    assert {m for _, m in g.move_turns} <= {"act shout", "end", "choose dilemma calm", "choose dilemma rage"}


def test_take_repeat_limit_and_every_bound_how_often_a_rule_fires(gestures: Content) -> None:
    def per_month(**rule: object) -> list[int]:
        pb = playbook(gestures, rule=[{"try": ["act wave", "act nod"], **rule}])
        g = red_game(gestures)
        PlaybookSeat(pb, g, "red").play_to_end()
        acts = [r for r in g.state.log if isinstance(r, ActionTaken) and r.power == "red"]
        return [sum(r.turn == t for r in acts) for t in range(1, g.turn + 1)]

    assert set(per_month()) == {1}
    assert set(per_month(take="all")) == {2}
    assert set(per_month(repeat=2)) == {2}
    assert set(per_month(repeat=5)) == {2}  # two moves a month is the rules' limit
    assert per_month(limit=2)[:3] == [1, 1, 0]
    assert per_month(every=2)[:4] == [1, 0, 1, 0]
    assert per_month(every=3, limit=2)[:6] == [1, 0, 0, 1, 0, 0]


def test_a_rule_fires_only_while_its_condition_holds(gestures: Content) -> None:
    pb = playbook(
        gestures, rule=[{"when": "turn >= 3 and moves_left > 1", "try": ["act wave", "act nod"], "repeat": 5}]
    )
    g = red_game(gestures)
    PlaybookSeat(pb, g, "red").play_to_end()
    turns = [t for t, m in g.move_turns if m.startswith("act")]
    assert turns and min(turns) == 3
    assert {turns.count(t) for t in set(turns)} == {1}  # the second would leave no move: `moves_left > 1` fails


def test_events_are_answered_by_choose_then_prefer_then_otherwise(mini: Content) -> None:
    def chosen(events: dict[str, object]) -> str:
        g = red_game(mini)
        PlaybookSeat(playbook(mini, events=events, rule=[{"try": ["end"]}]), g, "red").play_to_end()
        (choice,) = [r for r in g.state.log if isinstance(r, OptionChosen)]
        return choice.option

    assert chosen({"choose": {"dilemma": "rage"}, "prefer": ["calm"]}) == "rage"
    assert chosen({"prefer": ["rage", "calm"], "otherwise": "first"}) == "rage"
    assert chosen({"otherwise": "first"}) == "calm"
    assert chosen({"otherwise": "last"}) == "rage"
    assert chosen({"otherwise": "random"}) in ("calm", "rage")


def test_offers_are_answered_by_refuse_when_accept_when_then_answer(offering: Content) -> None:
    def answers(offers: dict[str, object]) -> list[Verdict]:
        g = red_game(offering)
        PlaybookSeat(playbook(offering, offers=offers, rule=[{"try": ["end"]}]), g, "red").play_to_end()
        # Blue puts the tribute forward (and may offer the quiet pact too): Red's answers to the tribute
        return [r.verdict for r in g.state.log if isinstance(r, Answered) and r.power == "red" and r.id == "tribute"]

    assert set(answers({"answer": "accept"})) == {Verdict.ACCEPT}
    assert set(answers({"answer": "refuse"})) == {Verdict.REFUSE}
    assert set(answers({"accept_when": "deal_from == blue and deal_gives == 1", "answer": "refuse"})) == {
        Verdict.ACCEPT
    }
    assert set(answers({"accept_when": "deal_from == green"})) == set(answers({"answer": "ai"}))
    assert set(answers({"refuse_when": "deal_gives > 0 and deal_gets == 0", "accept_when": "true"})) == {Verdict.REFUSE}
    assert set(answers({"accept_when": "not ai_accepts", "answer": "refuse"})) | set(answers({})) == {
        Verdict.ACCEPT,
        Verdict.REFUSE,
    }


def test_counter_offers_are_answered_at_once(mini: Content) -> None:
    # Blue answers a shared silence with a counter (Red stops, and pays): taken, or turned down.
    def answered(answer: str) -> tuple[int, int, int]:
        rule = {"try": ["propose blue red_stop_shouting+blue_stop_shouting"], "limit": 1}
        g = red_game(mini)
        PlaybookSeat(playbook(mini, counters={"answer": answer}, rule=[rule]), g, "red").play_to_end()
        log = g.state.log
        countered = sum(isinstance(r, CounterOffered) and r.proposer == "red" for r in log)
        taken = sum(isinstance(r, Proposed) and bool(r.counter) and r.power == "red" for r in log)
        refused = sum(isinstance(r, Answered) and r.verdict is Verdict.REFUSE and r.power == "red" for r in log)
        return countered, taken, refused

    assert answered("accept") == (1, 1, 0)
    assert answered("refuse") == (1, 0, 1)


def test_the_same_playbook_and_seed_play_the_same_game(mini: Content) -> None:
    rand = built_in("random", mini)
    a = play_seat(mini, rand, "red", 42, UtilityPolicy())
    b = play_seat(mini, rand, "red", 42, UtilityPolicy())
    c = play_seat(mini, check_playbook({**RANDOM_PLAYBOOK, "seed": 1}, mini, "r1"), "red", 42, UtilityPolicy())
    assert a == b
    assert a.state_hash != c.state_hash or a.moves != c.moves


def test_the_built_in_ai_plays_the_seat_through_the_players_door() -> None:
    content = load_content()
    ai = check_playbook(AI_PLAYBOOK, content, "ai")
    result = play_seat(content, ai, "usa", 5, UtilityPolicy())
    assert result.moves > 18 and result.skipped >= 0 and result.ending is not None


def test_a_seat_must_be_the_games_player(mini: Content) -> None:
    with pytest.raises(ValueError, match="player"):
        PlaybookSeat(built_in("random", mini), red_game(mini), "blue")


def test_a_signed_deal_can_be_broken_right_after(mini: Content) -> None:
    pb = playbook(
        mini,
        counters={"answer": "accept"},
        rule=[{"try": ["package quiet_pact"]}, {"when": "agreements > 0", "try": ["break {newest}"]}],
    )
    g = red_game(mini)
    PlaybookSeat(pb, g, "red").play_to_end()
    signed = [r for r in g.state.log if isinstance(r, Signed)]
    broken = [m for _, m in g.move_turns if m.startswith("break")]
    assert len(broken) == len([s for s in signed if "red" in s.parties]) > 0


def test_control_characters_and_odd_file_names_are_refused(tmp_path: Path, mini: Content) -> None:
    path = write(
        tmp_path, 'name = "Bell\\u0007"\ndescription = "ok\\nsecond line"\n[[rule]]\ntry = ["talk \\u001b[2Jblue"]\n'
    )
    errs = errors_of(path, mini)
    # the file's reader refuses it where the character stands, before any field is read
    bell, esc = errs
    assert bell.startswith("1:13: control character U+0007 (BEL) in text")
    assert esc.startswith("4:14: control character U+001B (ESC) in text")
    odd = write(tmp_path, '[[rule]]\ntry = ["end"]\n', "we ird\x1b.toml")
    (msg,) = errors_of(odd, mini)
    assert "a playbook's file name is its id" in msg


def test_hostile_files_are_errors_not_crashes(tmp_path: Path, mini: Content) -> None:
    deep = write(tmp_path, "a = " + "[" * 5000 + "]" * 5000 + "\n", "deep.toml")
    assert errors_of(deep, mini)
    long_cond = write(
        tmp_path, '[[rule]]\nwhen = "' + "(" * 400 + "1" + ")" * 400 + ' > 0"\ntry = ["end"]\n', "long.toml"
    )
    assert errors_of(long_cond, mini)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b'name = "\x00"\n')
    assert "NUL byte" in errors_of(binary, mini)[0]
