"""End to end through the real server process over stdio: every feature, with exact ranges,
labels, edits and texts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

import automl_job_ls

from ..conftest import PIPELINE, STANDALONE
from .helpers import apply_edits, doc_id, edit, open_doc, position_of, range_of, replace_all

BASE = STANDALONE.read_text()


def _uri(tmp_path, name="job.yml") -> str:
    return (tmp_path / name).as_uri()


def _with(text: str, after: str, insert: str) -> str:
    assert after in text
    return text.replace(after, after + insert, 1)


# -- diagnostics ------------------------------------------------------------------------------------
async def test_real_example_is_clean_and_a_typo_gets_an_exact_range(client, tmp_path):
    uri = _uri(tmp_path)
    assert await open_doc(client, uri, BASE) == []
    text = _with(BASE, "  evaluation_frequency: 1", "\n  lerning_rate: 0.01")
    diagnostics = await replace_all(client, uri, text, 2)
    assert len(diagnostics) == 1
    d = diagnostics[0]
    assert (d.code, d.severity, d.source) == ("AML101", types.DiagnosticSeverity.Error, "automl-job-ls")
    assert d.range == range_of(text, "lerning_rate")
    assert d.message == "Did you mean `learning_rate`? Unknown key `lerning_rate` in `training_parameters`."
    # The installed copy of docs/codes.md, at the code's heading (VS Code opens `#L<line>` there).
    docs = Path(automl_job_ls.__file__).parent / "docs" / "codes.md"
    line = docs.read_text().splitlines().index("## AML101") + 1
    assert d.code_description.href == f"{docs.resolve().as_uri()}#L{line}"


async def test_utf16_columns_after_an_emoji_on_the_same_line(client, tmp_path):
    uri = _uri(tmp_path)
    text = BASE.replace("experiment_name: dpv2", 'tags: {note: "🚀 fast", priority: 1}\nexperiment_name: dpv2')
    diagnostics = await open_doc(client, uri, text)
    assert [d.code for d in diagnostics] == ["AML102"]
    # The rocket is one code point but two UTF-16 units: the column counts it twice.
    line = text.split("\n")[diagnostics[0].range.start.line]
    column = line.index("1}") + 1
    expected_start = types.Position(line=position_of(text, "priority").line, character=column)
    assert diagnostics[0].range == types.Range(start=expected_start, end=types.Position(line=expected_start.line, character=column + 1))


async def test_incremental_edits_break_and_repair(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    anchor = position_of(BASE, "compute: azureml:gpu-cluster", len("compute: azureml:gpu-cluster"))
    # Typing `: x` after the compute name makes the line invalid YAML.
    broken = await edit(client, uri, types.Range(start=anchor, end=anchor), ": x", 2)
    assert [(d.code, d.range.start.line) for d in broken] == [("AML001", anchor.line)]
    assert "`: `" in broken[0].message
    end = types.Position(line=anchor.line, character=anchor.character + 3)
    repaired = await edit(client, uri, types.Range(start=anchor, end=end), "", 3)
    assert repaired == []


async def test_other_yaml_gets_no_diagnostics(client, tmp_path):
    uri = _uri(tmp_path, "ci.yml")
    text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n\tbad: tab\n"
    assert await open_doc(client, uri, text) == []
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=types.Position(line=0, character=1)))
    assert hover is None


async def test_diagnostics_are_cleared_on_close(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE.replace("max_trials: 10", "max_trials: ten"))
    waiter = asyncio.ensure_future(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc_id(uri)))
    params = await asyncio.wait_for(waiter, 10)
    assert params.uri == uri and list(params.diagnostics) == []


async def test_flood_of_changes_publishes_only_the_last_version(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    published: list[int] = []
    saw_final = asyncio.Event()

    def record(params: types.PublishDiagnosticsParams) -> None:
        if params.uri == uri:
            published.append(params.version)
            if params.version == 40:
                saw_final.set()

    # Every publication, with its version (pytest-lsp's own handler keeps only the last list).
    features = client.protocol.fm.features
    keep = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = lambda params: (record(params), keep(params))[1]
    for version in range(2, 40):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=BASE.replace("max_trials: 10", f"max_trials: {version}"))],
            )
        )
    final = await replace_all(client, uri, BASE.replace("max_trials: 10", "max_trials: 0"), 40)
    await asyncio.wait_for(saw_final.wait(), 10)
    assert [d.code for d in final] == ["AML105"]
    # A newer version supersedes the runs of the older ones: never an older version after a newer
    # one, never one twice, the last one last, and most of the flood never checked at all.
    assert published == sorted(set(published)) and published[-1] == 40
    assert len(published) < 20, published


# -- completion -------------------------------------------------------------------------------------
_versions = iter(range(100, 10**6))


async def _complete(client, uri, text, marker="|"):
    pos = position_of(text, marker)
    clean = text.replace(marker, "", 1)
    await replace_all(client, uri, clean, next(_versions))
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc_id(uri), position=pos))
    return result.items if result else [], clean, pos


async def test_completion_at_model_name_offers_the_backbones(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    items, _, pos = await _complete(client, uri, _with(BASE, "  evaluation_frequency: 1", "\n  model_name: |"))
    # The default first, then the backbones by size; sortText keeps that order in every client.
    assert [i.label for i in items] == [f"maskrcnn_resnet{n}_fpn" for n in (50, 18, 34, 101, 152)] + ["mmd-3x-mask-rcnn_swin-t-p4-w7_fpn_1x_coco"]
    assert [i.sort_text for i in items] == sorted(i.sort_text for i in items)
    assert items[0].detail == "Mask R-CNN with a 50-layer ResNet FPN backbone (default): a balanced trade-off between training speed and accuracy."
    assert items[0].documentation is None  # sent on completionItem/resolve
    resolved = await client.completion_item_resolve_async(items[0])
    assert resolved.documentation.value.startswith("**maskrcnn_resnet50_fpn**: Mask R-CNN with a 50-layer ResNet FPN backbone")
    assert items[0].text_edit.insert == types.Range(start=pos, end=pos) == items[0].text_edit.replace


async def test_completion_of_a_half_typed_key(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    items, _, pos = await _complete(client, uri, _with(BASE, "  evaluation_frequency: 1", "\n  mod|"))
    by_label = {i.label: i for i in items}
    assert {"model_name", "model_size", "momentum"} <= set(by_label)
    assert "early_stopping" not in by_label and "evaluation_frequency" not in by_label  # already present
    item = by_label["model_name"]
    assert item.text_edit.new_text == "model_name: "
    assert item.text_edit.insert == types.Range(start=types.Position(line=pos.line, character=2), end=pos) == item.text_edit.replace
    assert item.kind == types.CompletionItemKind.Property
    assert item.detail == "string: Model architecture to train"  # this client shows no labelDetails
    documentation = (await client.completion_item_resolve_async(item)).documentation
    assert "Mask R-CNN" in documentation.value and documentation.kind == types.MarkupKind.Markdown


async def test_completion_on_an_empty_line_while_another_line_is_broken(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    text = _with(BASE, "  evaluation_frequency: 1", "\n  |").replace("compute: azureml:gpu-cluster", "compute: azureml:")
    items, clean, _ = await _complete(client, uri, text)
    labels = {i.label for i in items}
    assert {"learning_rate", "optimizer", "model_name"} <= labels
    assert "evaluation_frequency" not in labels


async def test_completion_after_compute_azureml_colon(workspace_client):
    client = workspace_client
    uri = (client.workspace_folder / "job.yml").as_uri()
    await open_doc(client, uri, BASE)
    # The trailing colon makes the line invalid YAML; completion still works from the raw text.
    items, _, pos = await _complete(client, uri, BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:|"))
    assert [i.label for i in items] == ["azureml:a100-cluster"]  # the compute another job in the workspace uses
    assert items[0].text_edit.replace == types.Range(start=types.Position(line=pos.line, character=len("compute: ")), end=pos)
    assert items[0].text_edit.new_text == "azureml:a100-cluster"
    items, _, _ = await _complete(client, uri, BASE.replace("compute: azureml:gpu-cluster", "compute: |"))
    assert [i.label for i in items] == ["azureml:", "local", "azureml:a100-cluster"]


async def test_completion_inside_a_flow_list(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    items, _, _ = await _complete(client, uri, BASE.replace("values: ['sgd', 'adam', 'adamw']", "values: ['sgd', |]"))
    assert [i.label for i in items] == ["none", "adam", "adamw"]


async def test_search_space_distributions_step_by_step(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    block = "    min_size:\n      type: choice\n      values: [600, 800]"
    # 1. hyperparameter names allowed in a search-space entry, minus those present
    items, _, _ = await _complete(client, uri, BASE.replace(block, "    |"))
    labels = {i.label for i in items}
    assert {"min_size", "number_of_epochs", "momentum"} <= labels and "learning_rate" not in labels
    assert "checkpoint_run_id" not in labels  # not searchable
    # 2. `type:` offers only the distributions an integer hyperparameter takes
    items, _, _ = await _complete(client, uri, BASE.replace(block, "    min_size:\n      type: |"))
    assert [i.label for i in items] == ["choice", "randint", "quniform", "qloguniform", "qnormal", "qlognormal"]
    # 3. then the distribution's own arguments
    items, _, _ = await _complete(client, uri, BASE.replace(block, "    min_size:\n      type: quniform\n      |"))
    assert [i.label for i in items] == ["min_value", "max_value", "q"]
    # 4. enum values inside choice -> values: [...]
    items, _, _ = await _complete(client, uri, BASE.replace(block, "    learning_rate_scheduler:\n      type: choice\n      values: [|]"))
    assert [i.label for i in items] == ["none", "warmup_cosine", "step"]


async def test_empty_document_offers_a_job_skeleton_snippet(client, tmp_path):
    uri = _uri(tmp_path, "new.yml")
    await open_doc(client, uri, "")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=types.Position(line=0, character=0))
    )
    assert [i.label for i in result.items] == ["AutoML image instance segmentation job"]
    item = result.items[0]
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    assert "${1:my-instance-segmentation}" in item.text_edit.new_text
    assert item.text_edit.new_text.startswith("\\$schema:")  # `$schema` alone would be a snippet variable


async def test_no_snippets_without_snippet_support(plain_client, tmp_path):
    uri = _uri(tmp_path, "new.yml")
    await open_doc(plain_client, uri, "")
    result = await plain_client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=types.Position(line=0, character=0))
    )
    item = result.items[0]
    assert item.insert_text_format == types.InsertTextFormat.PlainText
    assert "${" not in item.text_edit.new_text and item.text_edit.new_text.startswith("$schema:")
    assert "model_name: maskrcnn_resnet50_fpn" in item.text_edit.new_text
    await open_doc(plain_client, _uri(tmp_path), BASE)
    items, _, _ = await _complete(plain_client, _uri(tmp_path), BASE.replace("training_parameters:", "|training_parameters:"))
    for i in items:
        assert i.insert_text_format == types.InsertTextFormat.PlainText and "$0" not in i.text_edit.new_text
    # Without resolve support the documentation comes with the items, as plain text.
    documented = [i.documentation for i in items if i.documentation is not None]
    assert len(documented) == len(items) and {d.kind for d in documented} == {types.MarkupKind.PlainText}


async def test_mapping_keys_insert_an_indented_block(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    items, _, _ = await _complete(client, uri, BASE.replace("search_space:", "|\nsearch_space:"))
    item = next(i for i in items if i.label == "outputs")
    assert (item.text_edit.new_text, item.insert_text_mode) == ("outputs:\n  $0", types.InsertTextMode.AsIs)


# -- hover ---------------------------------------------------------------------------------------------
async def test_hover_on_a_key_and_on_an_enum_value(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=position_of(BASE, "evaluation_frequency", 3)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**evaluation_frequency** (integer)")
    assert "Default: `1`" in hover.contents.value and "a positive integer" in hover.contents.value
    assert "[Documentation](https://learn.microsoft.com/" in hover.contents.value
    assert hover.range == range_of(BASE, "evaluation_frequency")
    value = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=position_of(BASE, "bandit", 1)))
    assert value.contents.value.startswith("**bandit**:")
    assert value.range == range_of(BASE, "bandit")


async def test_hover_is_plain_text_for_plain_clients(plain_client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(plain_client, uri, BASE)
    hover = await plain_client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=position_of(BASE, "max_trials", 2)))
    assert hover.contents.kind == types.MarkupKind.PlainText
    assert hover.contents.value.startswith("max_trials (integer)")
    assert "**" not in hover.contents.value


# -- code actions --------------------------------------------------------------------------------------
async def _fix(client, uri, text, version=2, pick=0):
    diagnostics = await replace_all(client, uri, text, version)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc_id(uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=[diagnostics[0]]),
        )
    )
    return diagnostics, actions, apply_edits(text, actions[pick].edit.changes[uri])


async def test_quick_fix_box_detections_per_img(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    text = _with(BASE, "  evaluation_frequency: 1", "\n  box_detections_per_img: 100  # keep this comment")
    diagnostics, actions, fixed = await _fix(client, uri, text)
    assert diagnostics[0].code == "AML109" and diagnostics[0].range == range_of(text, "box_detections_per_img")
    assert actions[0].title == "Rename `box_detections_per_img` to `box_detections_per_image`"
    assert actions[0].kind == types.CodeActionKind.QuickFix and actions[0].is_preferred
    assert "  box_detections_per_image: 100  # keep this comment" in fixed
    assert await replace_all(client, uri, fixed, 3) == []


async def test_quick_fix_did_you_mean_for_keys_and_values(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    _, actions, fixed = await _fix(client, uri, BASE.replace("sampling_algorithm: random", "sampling_algorithm: randon"))
    assert actions[0].title == "Change to `random`"
    assert fixed == BASE
    _, actions, fixed = await _fix(client, uri, BASE.replace("max_concurrent_trials: 2", "max_concurent_trials: 2"), version=3)
    assert actions[0].title == "Rename `max_concurent_trials` to `max_concurrent_trials`" and fixed == BASE


async def test_quick_fixes_turn_the_2022_job_into_a_clean_modern_one(client, tmp_path):
    from ..conftest import EXAMPLES

    old = next((EXAMPLES / "_history/65545e4f0").rglob("*instance-segmentation*.yml")).read_text()
    uri = _uri(tmp_path)
    text = old
    await open_doc(client, uri, text)
    titles = []
    for version in range(2, 9):
        diagnostics = await replace_all(client, uri, text, version)
        if not diagnostics:
            break
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=doc_id(uri), range=diagnostics[0].range, context=types.CodeActionContext(diagnostics=[diagnostics[0]]))
        )
        titles.append(actions[0].title)
        text = apply_edits(text, actions[0].edit.changes[uri])
    assert titles == [
        "Rename `image_model` to `training_parameters`",
        "Move `max_trials`, `max_concurrent_trials` to `limits` of the job",
        "Write `uniform` as a mapping",
        "Write `choice` as a mapping",
        "Write `choice` as a mapping",
    ]
    assert "    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n" in text
    assert "limits:\n  timeout_minutes: 60\n  max_trials: 10\n  max_concurrent_trials: 2\n" in text
    assert "sweep:\n  sampling_algorithm: random\n" in text


async def test_quick_fix_removes_a_duplicate_and_adds_a_missing_key(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    text = BASE.replace("log_verbosity: debug", "log_verbosity: info\nlog_verbosity: debug")
    diagnostics, actions, fixed = await _fix(client, uri, text)
    assert diagnostics[0].code == "AML002" and diagnostics[0].severity == types.DiagnosticSeverity.Warning
    assert actions[0].title == "Remove this `log_verbosity` (the later one is kept)"
    assert fixed == BASE
    text = BASE.replace("target_column_name: label\n", "")
    diagnostics, actions, fixed = await _fix(client, uri, text, version=3)
    assert diagnostics[0].code == "AML104" and diagnostics[0].range == range_of(text, "type")
    assert actions[0].title == "Add `target_column_name`"
    assert fixed.endswith("      values: [600, 800]\ntarget_column_name: label\n")


async def test_quick_fix_changes_a_distribution_and_adds_its_argument(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    text = BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]", "    min_size:\n      type: uniform\n      min_value: 600\n      max_value: 800")
    diagnostics, actions, fixed = await _fix(client, uri, text)
    assert diagnostics[0].code == "AML202" and diagnostics[0].range == range_of(text, "uniform", occurrence=1)
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("Change to `quniform` (adds `q`)", True),
        ("Change to `qloguniform` (adds `q`)", None),
    ]
    assert fixed.endswith("    min_size:\n      type: quniform\n      min_value: 600\n      max_value: 800\n      q: 1\n")
    assert await replace_all(client, uri, fixed, 3) == []


# -- navigation ----------------------------------------------------------------------------------------
async def test_outline_folding_and_selection(client, tmp_path):
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    names = [s.name for s in symbols]
    assert names[:4] == ["$schema", "type", "experiment_name", "description"]
    sweep = next(s for s in symbols if s.name == "sweep")
    assert sweep.kind == types.SymbolKind.Object
    assert [c.name for c in sweep.children] == ["sampling_algorithm", "early_termination"]
    policy = sweep.children[1]
    assert policy.detail == "type: bandit"
    assert policy.range.start == position_of(BASE, "early_termination") and policy.range.end.line == position_of(BASE, "delay_evaluation").line
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc_id(uri)))
    assert (position_of(BASE, "sweep:").line, position_of(BASE, "delay_evaluation: 6").line) in {(f.start_line, f.end_line) for f in folds}
    selection = await client.text_document_selection_range_async(
        types.SelectionRangeParams(text_document=doc_id(uri), positions=[position_of(BASE, "0.0001", 2)])
    )
    chain = []
    node = selection[0]
    while node:
        chain.append(node.range)
        node = node.parent
    assert chain[0] == range_of(BASE, "0.0001")
    assert chain[1] == range_of(BASE, "min_value: 0.0001")
    assert chain[-1].start == types.Position(line=0, character=0)


async def test_completion_after_a_dot_inside_a_binding(client, tmp_path):
    pipeline = PIPELINE.read_text()
    puri = PIPELINE.as_uri()
    await open_doc(client, puri, pipeline)
    typed = pipeline.replace("${{parent.jobs.image_instance_segmentation_node.outputs.best_model}}", "${{parent.jobs.")
    await replace_all(client, puri, typed, 2)
    pos = position_of(typed, "${{parent.jobs.", offset=len("${{parent.jobs."))
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=doc_id(puri), position=pos,
            context=types.CompletionContext(trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character="."),
        )
    )
    assert [(i.label, i.text_edit.insert) for i in result.items] == [
        ("image_instance_segmentation_node", types.Range(start=pos, end=pos)),
        ("register_model_node", types.Range(start=pos, end=pos)),
    ]


async def test_definition_of_pipeline_bindings_and_their_warning(client, tmp_path):
    pipeline = PIPELINE.read_text()
    puri = PIPELINE.as_uri()
    await open_doc(client, puri, pipeline)

    async def definition(needle: str, occurrence: int = 0):
        position = position_of(pipeline, needle, occurrence=occurrence)
        return await client.text_document_definition_async(types.DefinitionParams(text_document=doc_id(puri), position=position))

    # On the step name inside the binding: the output key of that step.
    found = await definition("image_instance_segmentation_node.outputs")
    assert (found.uri, found.range) == (puri, range_of(pipeline, "best_model"))
    found = await definition("inputs.image_instance_segmentation_validation_data")
    assert found.range == range_of(pipeline, "image_instance_segmentation_validation_data")
    assert await definition("label") is None

    broken = pipeline.replace("${{parent.inputs.image_instance_segmentation_validation_data}}", "${{parent.inputs.validation}}")
    diagnostics = await replace_all(client, puri, broken, 2)
    [d] = diagnostics
    start = position_of(broken, "inputs.validation}}", offset=len("inputs."))
    assert (d.code, d.severity) == ("AML407", types.DiagnosticSeverity.Warning)
    assert d.range == types.Range(start=start, end=types.Position(line=start.line, character=start.character + len("validation")))


async def test_rename_a_pipeline_input_through_the_server(client, tmp_path):
    pipeline = PIPELINE.read_text()
    puri = PIPELINE.as_uri()
    await open_doc(client, puri, pipeline)
    at_key = position_of(pipeline, "image_instance_segmentation_training_data", offset=3)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc_id(puri), position=at_key))
    assert prepared == range_of(pipeline, "image_instance_segmentation_training_data")
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc_id(puri), position=at_key, context=types.ReferenceContext(include_declaration=True))
    )
    assert [l.range for l in found] == [range_of(pipeline, "image_instance_segmentation_training_data", occurrence=i) for i in (0, 1)]
    result = await client.text_document_rename_async(types.RenameParams(text_document=doc_id(puri), position=at_key, new_name="train"))
    renamed = apply_edits(pipeline, result.changes[puri])
    assert "\n  train:\n" in renamed and "training_data: ${{parent.inputs.train}}" in renamed
    with pytest.raises(Exception, match="is not a valid name"):
        await client.text_document_rename_async(types.RenameParams(text_document=doc_id(puri), position=at_key, new_name="2 bad"))
    # The server keeps answering after the refused rename.
    assert await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc_id(puri), position=at_key)) == prepared


async def test_document_links_for_local_paths_and_file_components(client, tmp_path):
    (tmp_path / "data" / "training-mltable-folder").mkdir(parents=True)
    uri = _uri(tmp_path)
    await open_doc(client, uri, BASE)
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc_id(uri)))
    assert [(l.range, l.target) for l in links] == [
        (range_of(BASE, "data/training-mltable-folder"), (tmp_path / "data" / "training-mltable-folder").as_uri())
    ]
    pipeline = PIPELINE.read_text()
    puri = PIPELINE.as_uri()
    await open_doc(client, puri, pipeline)
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc_id(puri)))
    component = PIPELINE.parent / "components" / "component_register_model.yaml"
    assert [l.target for l in links] == [component.as_uri()]
    assert links[0].range == range_of(pipeline, "./components/component_register_model.yaml")


# -- settings ------------------------------------------------------------------------------------------
async def test_initialization_options_override_and_disable_codes(plain_client, tmp_path):
    uri = _uri(tmp_path)
    text = BASE.replace("log_verbosity: debug", "log_verbosity: DEBUG").replace("max_trials: 10", "max_trials: 0")
    diagnostics = await open_doc(plain_client, uri, text)
    # AML106 (DEBUG) is disabled; AML105 (range) is raised to an error.
    assert [(d.code, d.severity) for d in diagnostics] == [("AML105", types.DiagnosticSeverity.Error)]


async def test_configuration_changes_apply_without_restart(client, tmp_path):
    uri = _uri(tmp_path)
    text = BASE.replace("log_verbosity: debug", "log_verbosity: DEBUG")
    assert [d.code for d in await open_doc(client, uri, text)] == ["AML106"]
    waiter = asyncio.ensure_future(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"automlJob": {"severity": {"AML106": "warning"}, "disabledCodes": []}})
    )
    params = await asyncio.wait_for(waiter, 10)
    assert [(d.code, d.severity) for d in params.diagnostics] == [("AML106", types.DiagnosticSeverity.Warning)]


async def test_invalid_setting_gets_a_message_and_falls_back(client, tmp_path):
    uri = _uri(tmp_path)
    text = BASE.replace("log_verbosity: debug", "log_verbosity: DEBUG")
    await open_doc(client, uri, text)
    waiter = asyncio.ensure_future(client.wait_for_notification(types.WINDOW_SHOW_MESSAGE))
    published = asyncio.ensure_future(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"automlJob": {"severity": {"AML106": "loud"}, "disabledCodes": "AML106"}})
    )
    message = await asyncio.wait_for(waiter, 10)
    assert message.message == (
        'automlJob.severity.AML106: "loud" is not a level (error, warning, information, hint); ignoring it. '
        'automlJob.disabledCodes: expected a list of codes such as ["AML106"], not "AML106"; using its default.'
    )
    diagnostics = await asyncio.wait_for(published, 10)
    assert [(d.code, d.severity) for d in diagnostics.diagnostics] == [("AML106", types.DiagnosticSeverity.Information)]


async def test_job_globs_make_a_file_ours(client, tmp_path):
    uri = _uri(tmp_path, "partial-train.yml")
    text = "training_parameters:\n  lerning_rate: 0.1\n"
    assert await open_doc(client, uri, text) == []
    waiter = asyncio.ensure_future(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"automlJob": {"jobGlobs": ["*-train.yml"]}}))
    params = await asyncio.wait_for(waiter, 10)
    assert "AML101" in [d.code for d in params.diagnostics]


# -- robustness ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "a0: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" for i in range(1, 9)),
        "type: automl\ntask: image_instance_segmentation\nname: !!python/object/apply:os.system [echo hi]\n",
        "type: automl\r\ntask: image_instance_segmentation\r\ntraining_parameters:\r\n\tbad: 1\r\n",
        "type: automl\ntask: image_instance_segmentation\n" + "x: " + "[" * 2000 + "]" * 2000 + "\n",
        "type: automl\ntask: image_instance_segmentation\n🚀🚀: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n",
        "\x00\x01 not yaml",
    ],
    ids=["alias-bomb", "python-tag", "crlf-tab", "deep-nesting", "astral-key", "control-chars"],
)
async def test_hostile_input_never_stops_the_server(client, tmp_path, text):
    uri = _uri(tmp_path)
    await open_doc(client, uri, text)
    for request in range(3):
        await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=types.Position(line=2, character=request)))
        await client.text_document_completion_async(types.CompletionParams(text_document=doc_id(uri), position=types.Position(line=2, character=request)))
        await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    # Still serving the next document normally.
    assert await open_doc(client, _uri(tmp_path, "ok.yml"), BASE) == []


async def test_large_job_is_served(client, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from check_speed import generated_job  # noqa: E402

    text = generated_job(3000)
    uri = _uri(tmp_path)
    assert await open_doc(client, uri, text) == []
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=types.Position(line=2900, character=8)))
    assert hover is not None


async def test_utf8_position_encoding_is_negotiated(utf8_client, tmp_path):
    assert utf8_client.negotiated_encoding == types.PositionEncodingKind.Utf8
    uri = _uri(tmp_path)
    text = BASE.replace("experiment_name: dpv2", 'tags: {note: "🚀 fast", priority: 1}\nexperiment_name: dpv2')
    diagnostics = await open_doc(utf8_client, uri, text)
    line = text.split("\n")[position_of(text, "priority").line]
    column = len(line[: line.index("1}")].encode("utf-8"))  # the rocket counts 4 bytes
    assert diagnostics[0].range.start.character == column
    assert column == line.index("1}") + 3


async def test_a_10_mb_buffer_is_not_checked_live_and_the_server_stays_responsive(client, tmp_path):
    uri = _uri(tmp_path)
    text = BASE + "\n# " + "x" * 10_000_000 + "\n"
    diagnostics = await open_doc(client, uri, text)
    assert [(d.code, d.severity) for d in diagnostics] == [("AML003", types.DiagnosticSeverity.Information)]
    assert "not checked while editing" in diagnostics[0].message
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc_id(uri), position=types.Position(line=1, character=0)))
    assert result is None
    assert await open_doc(client, _uri(tmp_path, "small.yml"), BASE) == []
