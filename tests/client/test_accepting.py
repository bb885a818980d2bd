"""What a user ends up with after accepting an item, for each case users reported, and the
emulator itself (so that a wrong emulator cannot make the other tests pass)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from automl_job_ls.diagnostics.engine import analyze

from ..conftest import PIPELINE, STANDALONE
from .harness import Session, plain_capabilities, vscode_capabilities
from .semantics import RejectedItem, accept, expand_snippet, offset_of
from .variants import four_spaces

BASE = STANDALONE.read_text()
CLIENTS = {"asIs": vscode_capabilities(), "adjusting": vscode_capabilities(as_is=False)}


def at(text: str, marker: str = "|") -> tuple[str, types.Position]:
    index = text.index(marker)
    line = text.count("\n", 0, index)
    return text.replace(marker, "", 1), types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def pick(text: str, label: str, client: str = "asIs", mode: str = "insert", **kw) -> str:
    clean, pos = at(text)
    items = Session(CLIENTS[client]).complete(clean, pos, **kw)
    item = next((i for i in items if i.label == label), None)
    assert item is not None, f"{label!r} not in {[i.label for i in items]}"
    return accept(clean, pos, item, mode=mode).text


# -- the emulator ---------------------------------------------------------------------------------
def test_snippet_syntax_as_vscode_expands_it():
    assert expand_snippet("$$schema: x").text == "$: x"  # `$schema` is a variable, resolved to nothing
    assert expand_snippet("\\$schema: ${1:a\\}b} ${2|x,y\\,z|} $0").text == "$schema: a}b x "
    expanded = expand_snippet("a: ${1:one ${2:two}}\nb: ${3|p,q|}$0")
    assert expanded.text == "a: one two\nb: p"
    assert [(s.index, expanded.text[s.start : s.end], s.choices) for s in expanded.stops] == [
        (1, "one two", []), (2, "two", []), (3, "p", ["p", "q"]), (0, "", []),
    ]
    assert expand_snippet("${TM_FILENAME:job.yml} $x \\n").text == "job.yml  \\n"  # unknown variables: their default


def test_adjust_indentation_re_applies_the_cursor_line_indentation():
    item = types.CompletionItem(
        label="k", text_edit=types.TextEdit(range=types.Range(start=types.Position(line=1, character=2), end=types.Position(line=1, character=2)), new_text="k:\n  $0"),
        insert_text_format=types.InsertTextFormat.Snippet,
    )
    text = "a:\n  \n"
    assert accept(text, types.Position(line=1, character=2), item).text == "a:\n  k:\n    \n"
    item.insert_text_mode = types.InsertTextMode.AsIs
    assert accept(text, types.Position(line=1, character=2), item).text == "a:\n  k:\n  \n"
    assert accept(text.replace("\n", "\r\n"), types.Position(line=1, character=2), item).text == "a:\r\n  k:\r\n  \r\n"
    item.text_edit = types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1)), new_text="k")
    with pytest.raises(RejectedItem, match="not on the cursor line"):
        accept(text, types.Position(line=1, character=2), item)


def test_offsets_count_utf16_and_every_line_break():
    assert offset_of("a\r\nb\rc\n😀x", types.Position(line=3, character=2)) == 8


# -- reported cases -------------------------------------------------------------------------------
@pytest.mark.parametrize("client", CLIENTS)
def test_early_termination_child_is_one_unit_below_it(client):
    text = BASE.replace("  early_termination:\n    type: bandit\n    evaluation_interval: 2\n    slack_factor: 0.2\n    delay_evaluation: 6\n", "  |\n")
    assert "  sampling_algorithm: random\n  early_termination:\n    \n\nsearch_space:" in pick(text, "early_termination", client)
    bandit = pick(text, "early_termination: bandit", client)
    assert "  early_termination:\n    type: bandit\n    slack_factor: 0.2\n    evaluation_interval: 1\n    delay_evaluation: 0\n" in bandit
    assert analyze(bandit).diagnostics == []


@pytest.mark.parametrize("client", CLIENTS)
def test_a_search_space_item_lands_at_its_dash(client):
    text = BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]\n", "  - |\n")
    result = pick(text, "learning_rate", client)  # keys other entries use are offered too
    assert "  - learning_rate:\n      type: uniform\n      min_value: 0\n      max_value: 1\n" in result
    assert analyze(result).diagnostics == []
    result = pick(text, "optimizer", client)
    assert "  - optimizer:\n      type: choice\n      values: [sgd]\n" in result


@pytest.mark.parametrize("client", CLIENTS)
def test_a_four_space_file_gets_four_space_blocks(client):
    text = four_spaces(BASE).replace("    delay_evaluation: 6\n", "    delay_evaluation: 6\n|\n", 1)
    result = pick(text, "outputs", client)
    assert "\noutputs:\n    \n" in result


def test_the_skeleton_in_an_empty_file_and_under_a_header_comment():
    result = pick("|", "AutoML image instance segmentation job")
    assert result.startswith("$schema: https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/autoMLJob.schema.json\ntype: automl\n")
    assert analyze(result).diagnostics == []
    result = pick("# my job|", "AutoML image instance segmentation job")
    assert result.startswith("# my job\n$schema: ") and analyze(result).diagnostics == []


def test_a_value_after_a_bare_colon_gets_its_space():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  optimizer:|\n")
    assert "  optimizer: adam\n" in pick(text, "adam")


@pytest.mark.parametrize("mode", ["insert", "replace"])
def test_a_wrong_value_is_replaced_whole(mode):
    assert "  sampling_algorithm: random\n" in pick(BASE.replace("sampling_algorithm: random", "sampling_algorithm: |randum"), "random", mode=mode)
    assert "log_verbosity: debug\n" in pick(BASE.replace("log_verbosity: debug", "log_verbosity: debu|gg"), "debug", mode=mode)


def test_a_half_typed_key_is_replaced_whole_in_replace_mode():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  lear|ning\n")
    assert "  learning_rate: \n" in pick(text, "learning_rate", mode="replace")
    # A key whose colon is written: only the name changes.
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  lerning|_rate: 0.01\n")
    assert "  learning_rate: 0.01\n" in pick(text, "learning_rate", mode="replace")


def test_backbones_in_a_natural_order_with_a_description():
    clean, pos = at(BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  model_name: |\n"))
    items = Session(vscode_capabilities()).complete(clean, pos)
    ordered = sorted(items, key=lambda i: i.sort_text)  # what every client shows
    assert [i.label for i in ordered][:5] == [f"maskrcnn_resnet{n}_fpn" for n in (50, 18, 34, 101, 152)]
    assert ordered[1].detail == "Mask R-CNN with an 18-layer ResNet FPN backbone: the lightest and fastest to train, usually the least accurate."
    plain = Session(plain_capabilities()).complete(clean, pos)
    assert plain[0].documentation.kind == types.MarkupKind.PlainText  # no resolve: sent at once
    assert isinstance(plain[0].text_edit, types.TextEdit)


def test_another_task_gets_nothing_and_a_pipeline_without_jobs_gets_its_keys():
    other = BASE.replace("task: image_instance_segmentation", "task: image_classification")
    clean, pos = at(other.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  model_name: |\n"))
    session = Session(vscode_capabilities())
    assert session.complete(clean, pos) == []
    assert session.hover(clean, types.Position(line=clean.split("\n").index("  evaluation_frequency: 1"), character=4)) is None
    pipeline = "type: pipeline\ninputs:\n  training:\n    |\n"
    clean, pos = at(pipeline)
    assert [i.label for i in session.complete(clean, pos)][:3] == ["type", "path", "mode"]


@pytest.mark.parametrize(
    "text",
    [
        BASE + "|",  # an empty last line after a final line break
        BASE.rstrip("\n") + "\n\n|",  # after a blank line
        BASE.replace("\n", "\r\n") + "|",  # CRLF
    ],
    ids=["final-newline", "after-blank-line", "crlf"],
)
def test_completion_on_the_empty_last_line_offers_top_level_keys_at_the_cursor(text):
    clean, pos = at(text)
    items = Session(vscode_capabilities()).complete(clean, pos)
    labels = [i.label for i in items]
    assert "outputs" in labels and "name" in labels and "task" not in labels
    assert all(i.text_edit.insert == types.Range(start=pos, end=pos) for i in items)


def test_completion_at_the_end_of_a_file_without_a_final_newline():
    clean, pos = at(BASE.replace("      values: [600, 800]\n", "      values: [600, 800]\n    |"))
    labels = [i.label for i in Session(vscode_capabilities()).complete(clean, pos)]
    assert "number_of_epochs" in labels and "min_size" not in labels




@pytest.mark.parametrize("source", [STANDALONE, PIPELINE], ids=lambda p: p.stem)
def test_every_selection_range_contains_its_position_and_its_children(source):
    text = source.read_text()
    session = Session(vscode_capabilities())
    session.open(text)
    from automl_job_ls.lsp import server

    positions = [types.Position(line=n, character=c) for n, line in enumerate(text.split("\n")) for c in range(len(line) + 2)]
    params = types.SelectionRangeParams(text_document=types.TextDocumentIdentifier(uri="file:///work/jobs/job.yml"), positions=positions)
    contains = lambda r, p: (r.start.line, r.start.character) <= (p.line, p.character) <= (r.end.line, r.end.character)  # noqa: E731
    answer = server.on_selection_range(session.ls, params)
    assert len(answer) == len(positions)  # a handler that failed would answer nothing
    for position, chain in zip(positions, answer):
        inner = chain.range
        assert contains(inner, types.Position(line=position.line, character=min(position.character, len(text.split("\n")[position.line])))), (position, inner)
        while chain.parent is not None:
            assert contains(chain.parent.range, chain.range.start) and contains(chain.parent.range, chain.range.end), (position, chain.range, chain.parent.range)
            chain = chain.parent


LR = "    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n"
POLICY = "  early_termination:\n    type: bandit\n    evaluation_interval: 2\n    slack_factor: 0.2\n    delay_evaluation: 6\n"
OPTIMIZER = "    optimizer:\n      type: choice\n      values: ['sgd', 'adam', 'adamw']\n"


@pytest.mark.parametrize(("block", "typed", "label", "line"), [
    # a value inside braces replaces the value under the cursor, nothing else
    (LR, "    learning_rate: {type: |uniform, min_value: 0.0001, max_value: 0.001}", "loguniform",
     "    learning_rate: {type: loguniform, min_value: 0.0001, max_value: 0.001}"),
    (POLICY, "  early_termination: {type:|}", "median_stopping", "  early_termination: {type: median_stopping}"),
    # a key inside braces is `key: ` on the same line, never a block
    (LR, "    learning_rate: {type: uniform, min_value: 0.0001, |}", "max_value",
     "    learning_rate: {type: uniform, min_value: 0.0001, max_value: }"),
    (LR, "    learning_rate: {type: uniform, min_value: 0.0001, max_|}", "max_value",
     "    learning_rate: {type: uniform, min_value: 0.0001, max_value: }"),
    # a list inside braces: the hyperparameter's values not yet written
    (OPTIMIZER, "    optimizer: {type: choice, values: [sgd, |]}", "adamw", "    optimizer: {type: choice, values: [sgd, adamw]}"),
], ids=["value", "value-after-bare-colon", "key", "half-typed-key", "list-value"])
def test_inside_a_flow_mapping_items_stay_inside_the_braces(block, typed, label, line):
    text = BASE.replace(block, typed + "\n")
    clean, pos = at(text)
    lines = clean.split("\n")
    lines[pos.line] = line
    assert pick(text, label) == "\n".join(lines)
