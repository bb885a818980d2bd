"""Snippet text as VS Code reads it, and the same parts as plain text."""

from __future__ import annotations

from automl_job_ls.features.snippets import Snippet, escape, from_template


def test_literals_and_choice_options_are_escaped():
    assert escape("$schema: {a} \\ }") == "\\$schema: {a\\} \\\\ \\}"
    body = Snippet().text("values: [").choice(["a,b", "c|d", "$x}"]).text("] ").choice(["p", "q"]).final()
    assert body.render(True) == "values: [${1|a\\,b,c\\|d,\\$x\\}|}] ${2|p,q|}$0"
    assert body.render(False) == "values: [a,b] p"  # the first option of each choice
    assert (body.stops, body.has_stops) == (2, True)


def test_a_one_option_choice_is_a_placeholder_and_an_empty_one_a_bare_stop():
    body = Snippet().choice(["only"]).text(" ").placeholder("")
    assert (body.render(True), body.render(False)) == ("${1:only} $2", "only ")
    assert not Snippet().text("x").has_stops and Snippet().final().has_stops


def test_templates_number_their_stops_after_the_given_one():
    template = "compute: azureml:<<gpu-cluster>>\nlog: <<info|debug>>\n"
    assert from_template(template).render(True) == "compute: azureml:${1:gpu-cluster}\nlog: ${2|info,debug|}\n$0"
    assert from_template(template, after_stop=3, final=False).render(True) == "compute: azureml:${4:gpu-cluster}\nlog: ${5|info,debug|}\n"
    assert from_template(template).render(False) == "compute: azureml:gpu-cluster\nlog: info\n"
