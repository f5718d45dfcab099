"""`dotchain lsp` end to end: completion, hovers and quick fixes."""

from __future__ import annotations

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.editor import Editor, text_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORG = """\
organization: Northbridge
language:
  - word: poor
    means: It had to be done again
  - word: fine
  - word: great
    means: Better than agreed
checks:
  minimum_rating: fine
customers:
  - id: applicant
    name: Prospective student
    count: 1200
    why: Wants to teach
    impacts:
      - id: teacher
        name: Newly qualified teacher
        impacts:
          - id: pupils
            name: Pupils
            reach: 30
roles:
  - id: agent
    name: Contact centre agent
    team: Admissions
    headcount: 12
    why: Help every future teacher start well
    handoffs:
      - to: applicant
        what: Answers
        rating: great
  - id: payroll
    name: Payroll officer
    team: Finance
    people: [Ana, Ben, Cy]
    why: Pay
    handoffs:
      - to: agent
        what: Correct pay
        rating: fine
"""


@pytest_asyncio.fixture(loop_scope="module")
async def editor(editor: Editor) -> Editor:
    """The editor, on a folder holding the files above (pytest: this fixture extends conftest's)."""
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    await editor.diagnostics("org.yaml")
    return editor


async def _complete(editor: Editor, text: str, needle: str) -> types.CompletionList:
    """Completion just after `needle` (its first occurrence) in the document typed as `text`."""
    editor.type("org.yaml", text)
    position = editor.at("org.yaml", needle, len(needle))
    params = types.CompletionParams(text_document=editor.document("org.yaml"), position=position)
    result = await editor.client.text_document_completion_async(params)
    assert isinstance(result, types.CompletionList), result
    return result


def _labels(result: types.CompletionList) -> list[str]:
    return [item.label for item in result.items]


async def test_a_target_completes_with_roles_and_customers_names_and_teams(editor: Editor) -> None:
    text = ORG.replace("      - to: agent\n", "      - to: ag\n")
    result = await _complete(editor, text, "- to: ag")
    assert _labels(result)[0] == "agent"
    (agent,) = [item for item in result.items if item.label == "agent"]
    assert agent.detail == "Contact centre agent · Admissions"
    assert isinstance(agent.text_edit, types.TextEdit)
    assert text_of(agent.text_edit.range, text) == "ag"  # what was typed is replaced
    everything = await _complete(editor, ORG.replace("      - to: agent\n", "      - to: \n"), "- to: ")
    assert set(_labels(everything)) == {"applicant", "agent", "payroll"}  # an impact is never a target
    (applicant,) = [item for item in everything.items if item.label == "applicant"]
    assert applicant.detail == "Prospective student · customer"


async def test_a_bare_or_flow_hand_off_completes_too(editor: Editor) -> None:
    bare = ORG.replace(
        "      - to: agent\n        what: Correct pay\n        rating: fine\n", "      - pay\n"
    )
    assert _labels(await _complete(editor, bare, "      - pay"))[:1] == ["payroll"]
    flow = ORG.replace(
        "    handoffs:\n      - to: agent\n        what: Correct pay\n        rating: fine\n",
        "    handoffs: [agent, app\n",
    )
    assert _labels(await _complete(editor, flow, "[agent, app")) == ["applicant"]


async def test_a_rating_completes_with_the_organisations_own_words(editor: Editor) -> None:
    result = await _complete(editor, ORG.replace("rating: fine", "rating: "), "rating: ")
    assert _labels(result) == ["poor", "fine", "great"]  # worst first, as the language says
    assert result.items[2].documentation == "Better than agreed"
    checks = await _complete(
        editor, ORG.replace("minimum_rating: fine", "minimum_rating: g"), "minimum_rating: g"
    )
    assert "great" in _labels(checks)


async def test_checks_complete_with_rule_codes(editor: Editor) -> None:
    text = ORG.replace("  minimum_rating: fine\n", "  minimum_rating: fine\n  select: [DC001, DC\n")
    result = await _complete(editor, text, "[DC001, DC")
    labels = _labels(result)
    assert "DC009" in labels and "DC010" in labels
    assert "DC000" not in labels and "DC003" not in labels  # found while loading: never selected
    block = ORG.replace("  minimum_rating: fine\n", "  minimum_rating: fine\n  ignore:\n    - DC\n")
    assert "DC006" in _labels(await _complete(editor, block, "    - DC"))


async def test_keys_complete_for_the_mapping_the_cursor_is_in(editor: Editor) -> None:
    role = ORG.replace("    headcount: 12\n", "    headcount: 12\n    ho\n")
    labels = _labels(await _complete(editor, role, "    ho"))
    assert "how" in labels and "what" in labels
    assert "headcount" not in labels and "name" not in labels  # already there
    handoff = ORG.replace("        what: Answers\n", "        what: Answers\n        no\n")
    assert set(_labels(await _complete(editor, handoff, "        no"))) == {"note"}
    top = ORG + "d"
    assert set(_labels(await _complete(editor, top, "rating: fine\nd"))) == {"dotchain"}  # the rest are there
    impact = ORG.replace("            reach: 30\n", "            reach: 30\n            wh\n")
    assert set(_labels(await _complete(editor, impact, "            wh"))) == {"why", "impacts"}


async def test_hover_on_a_role_shows_its_line_of_sight_as_map_draws_it(editor: Editor) -> None:
    editor.type("org.yaml", ORG)
    hover = await editor.hover("org.yaml", editor.at("org.yaml", "id: payroll", 5))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert value.startswith("**Payroll officer** · role `payroll`")
    assert "Payroll officer (payroll) · Finance · 3 people · 2 hand-offs from the customer" in value
    assert "└── Correct pay [fine] → Contact centre agent (agent)" in value
    assert "Prospective student (applicant) · customer (1,200)" in value
    assert "Pupils (pupils) · 36,000 reached (30 each)" in value
    assert hover.range is not None and text_of(hover.range, ORG) == "payroll"
    # The same from a hand-off that names the role.
    target = await editor.hover("org.yaml", editor.at("org.yaml", "to: agent", 5))
    assert target is not None and "Contact centre agent (agent) · Admissions · 12 people · front line" in str(
        target.contents
    )


async def test_hover_on_a_customer_shows_who_serves_it_and_its_reach(editor: Editor) -> None:
    editor.type("org.yaml", ORG)
    hover = await editor.hover("org.yaml", editor.at("org.yaml", "id: applicant", 5))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert value.startswith("**Prospective student** · customer `applicant` · 1,200 of them")
    assert "Served straight by 1 role: Contact centre agent (`agent`)." in value
    assert "2 roles reach it in all." in value
    assert "Newly qualified teacher (teacher) · 1,200 reached" in value
    assert "Pupils (pupils) · 36,000 reached (30 each)" in value


async def test_hover_on_a_rating_and_on_an_impact(editor: Editor) -> None:
    editor.type("org.yaml", ORG)
    hover = await editor.hover("org.yaml", editor.at("org.yaml", "rating: great", 9))
    assert hover is not None and "**great** · 3 of 3 in the language, worst first" in str(hover.contents)
    impact = await editor.hover("org.yaml", editor.at("org.yaml", "id: pupils", 5))
    assert impact is not None and "36,000 reached" in str(impact.contents)


async def test_hover_escapes_what_names_say(editor: Editor) -> None:
    text = ORG.replace("name: Payroll officer", "name: '**bold** <img src=x> [link](javascript:x) ```'")
    editor.type("org.yaml", text)
    await editor.diagnostics("org.yaml")
    hover = await editor.hover("org.yaml", editor.at("org.yaml", "id: payroll", 5))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    title, _, tree = hover.contents.value.partition("\n\n")
    assert title.startswith("**\\*\\*bold\\*\\* &lt;img src=x&gt; \\[link\\](javascript\\:x) \\`\\`\\`**")
    assert tree.startswith("````text\n")  # a fence longer than any run of backticks in the tree


async def test_quick_fixes_offer_did_you_mean_for_targets_and_ratings(editor: Editor) -> None:
    text = ORG.replace("      - to: agent\n", "      - to: agnet\n").replace("rating: great", "rating: graet")
    editor.type("org.yaml", text)
    found = await editor.diagnostics("org.yaml", lambda ds: {"DC002", "DC007"} <= {d.code for d in ds})
    for code, fixed in (("DC002", "agent"), ("DC007", "great")):
        (diagnostic,) = [d for d in found if d.code == code]
        params = types.CodeActionParams(
            text_document=editor.document("org.yaml"),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
        actions = await editor.client.text_document_code_action_async(params)
        assert actions, code
        first = actions[0]
        assert isinstance(first, types.CodeAction) and first.is_preferred
        assert first.kind == types.CodeActionKind.QuickFix
        assert first.edit is not None and first.edit.document_changes is not None
        (change,) = first.edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        (edit,) = change.edits
        assert isinstance(edit, types.TextEdit)
        assert edit.new_text == fixed and text_of(edit.range, text) in ("agnet", "graet")
        assert change.text_document.version == editor.versions["org.yaml"]


async def test_no_fix_is_offered_for_a_text_changed_since(editor: Editor) -> None:
    text = ORG.replace("      - to: agent\n", "      - to: agnet\n")
    editor.type("org.yaml", text)
    found = await editor.diagnostics("org.yaml", lambda ds: "DC002" in [d.code for d in ds])
    (diagnostic,) = [d for d in found if d.code == "DC002"]
    editor.configure({"delay": 10})
    editor.type("org.yaml", text + "\n")
    params = types.CodeActionParams(
        text_document=editor.document("org.yaml"),
        range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    )
    assert not await editor.client.text_document_code_action_async(params)
    editor.configure({})
