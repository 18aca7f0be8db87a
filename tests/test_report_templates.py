"""Custom templates: `--template-dir` overrides one block of the shipped report and leaves the
rest as it was; a template's mistake is named by file and line; the sandbox refuses to reach
Python internals; the shipped templates do no arithmetic, the view has it done."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.io.resources import templates_dir
from opmkt.text.templating import environment
from tests.conftest import Result
from tests.report_support import AS_OF, PLANS, render

Cli = Callable[..., Result]
FOURNIL = PLANS["fournil-dupont"]
EXTENDS = '{% extends "base.html.j2" %}\n'


def folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A template folder under tmp_path holding `files` (name: text)."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def changed_part(default: str, custom: str, start: str, end: str) -> str:
    """What `custom` has where `default` has the text from `start` to `end`, once it is
    checked that everything before and after is exactly as in `default`."""
    head, tail = default[: default.index(start)], default[default.index(end) :]
    assert custom.startswith(head), "the override changed what comes before its block"
    assert custom.endswith(tail), "the override changed what comes after its block"
    return custom[len(head) : len(custom) - len(tail)]


# --- Overriding blocks --------------------------------------------------------------------------


def test_overriding_a_block_changes_that_block_only(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {
            "report.html.j2": EXTENDS + "{% block cover %}\n"
            '<header class="cover" id="cover"><h1>{{ meta.name }}</h1>'
            "<p>For the board, {{ meta.period }}</p></header>\n"
            "{% endblock %}\n"
        },
    )
    default = render(FOURNIL, tmp_path / "default.html")
    custom = render(FOURNIL, tmp_path / "custom.html", "--template-dir", folder)
    cover = changed_part(default, custom, '<header class="cover"', '<nav class="contents"')
    assert cover.strip() == (
        '<header class="cover" id="cover"><h1>Fournil Dupont — plan marketing opérationnel '
        "2027</h1><p>For the board, 1 janv.\u2009–\u200931 déc. 2027</p></header>"
    )


def test_a_nested_block_of_the_markdown_report_can_be_overridden(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {
            "report.md.j2": '{% extends "base.md.j2" %}\n{% block timeline %}\n'
            "### {{ t.timeline }}\n\nVoir le calendrier partagé.\n{% endblock %}\n"
        },
    )
    default = render(FOURNIL, tmp_path / "default.md")
    custom = render(FOURNIL, tmp_path / "custom.md", "--template-dir", folder)
    timeline = changed_part(default, custom, "### Calendrier\n", "## Budget\n")
    assert timeline.strip() == "### Calendrier\n\nVoir le calendrier partagé."
    assert "```mermaid" in default and "```mermaid" not in custom


def test_super_keeps_the_shipped_block_and_adds_to_it(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {
            "report.html.j2": EXTENDS + "{% block footer %}{{ super() }}<p>Confidentiel</p>\n"
            "{% endblock %}\n"
        },
    )
    default = render(FOURNIL, tmp_path / "default.html")
    custom = render(FOURNIL, tmp_path / "custom.html", "--template-dir", folder)
    shipped = default[default.index("<footer>") : default.index("</main>")]
    assert changed_part(default, custom, "<footer>", "</main>") == (
        shipped + "<p>Confidentiel</p>\n"
    )
    assert shipped.startswith("<footer>Généré par opmkt à partir de plan.yaml")


def test_a_format_the_folder_does_not_override_uses_the_shipped_template(
    tmp_path: Path,
) -> None:
    # A broken Markdown template is never read when the HTML report is asked for.
    folder = folder_with(tmp_path, {"report.md.j2": "{% if %}\n"})
    default = render(FOURNIL, tmp_path / "default.html")
    assert render(FOURNIL, tmp_path / "other.html", "--template-dir", folder) == default


# --- Mistakes and escapes -----------------------------------------------------------------------


def refused(cli: Cli, tmp_path: Path, template: str, name: str = "report.html.j2") -> Result:
    """Render with a report.html.j2 holding `template`: the command must stop, write nothing,
    and say why on one `error:` line."""
    folder = folder_with(tmp_path, {name: template})
    out = tmp_path / "out.html"
    result = cli("report", FOURNIL, "-o", out, "--as-of", AS_OF, "--template-dir", folder)
    assert result.code == 2, result.err
    assert result.out == "" and result.err.startswith("error: ") and result.err.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob(".out.html*")), "something was written"
    return result


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("{% block cover %}\n\n{% if %}\n{% endblock %}\n", 4),
        ("{% block cover %}\n{{ meta.name + }}\n{% endblock %}\n", 3),
        ("{% block cover %}\n{% for x in objectives %}\n\n{% endblock %}\n", 5),
        ("{% block cover %}\n{{ meta.name | no_such_filter }}\n{% endblock %}\n", 3),
        ("{% block cover %}{% endblock %}\n\n{% block cover %}{% endblock %}\n", 4),
    ],
    ids=["if", "operand", "unclosed-for", "filter", "block-twice"],
)
def test_a_syntax_error_names_the_template_and_line(
    cli: Cli, tmp_path: Path, body: str, line: int
) -> None:
    result = refused(cli, tmp_path, EXTENDS + body)
    assert f"report.html.j2:{line}: " in result.err


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"report.html.j2": EXTENDS + "{% block cover %}\n{{ nope }}\n{% endblock %}\n"}, 3),
        ({"report.html.j2": EXTENDS + "{% block audit %}\n\n{{ meta.nmae }}{% endblock %}\n"}, 4),
        ({"report.html.j2": "<p>\n{{ meta.name }}\n{{ t.no_such_word }}\n"}, 3),
        (
            {
                "report.html.j2": EXTENDS + '{% block cover %}{% include "part.j2" %}'
                "{% endblock %}\n",
                "part.j2": "<p>{{ meta.name }}</p>\n{{ undefined_here }}\n",
            },
            2,
        ),
    ],
    ids=["name", "attribute", "word", "included-file"],
)
def test_an_undefined_name_names_the_template_and_line(
    cli: Cli, tmp_path: Path, files: dict[str, str], where: int
) -> None:
    folder = folder_with(tmp_path, files)
    out = tmp_path / "out.html"
    result = cli("report", FOURNIL, "-o", out, "--as-of", AS_OF, "--template-dir", folder)
    assert result.code == 2 and result.out == "" and not out.exists()
    file = "part.j2" if "part.j2" in files else "report.html.j2"
    assert f"{file}:{where}: UndefinedError: " in result.err


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "cycler.__init__.__globals__",
        "self._TemplateReference__context",
        "lipsum.__globals__",
        "joiner.__init__.__globals__",
        "meta.name | attr('__class__')",
        "'{0.__class__.__mro__}'.format(meta.name)",
        "t.report.format.__globals__",
    ],
)
def test_the_sandbox_refuses_to_reach_python_internals(
    cli: Cli, tmp_path: Path, expression: str
) -> None:
    template = EXTENDS + "{% block cover %}\n{{ " + expression + " }}\n{% endblock %}\n"
    result = refused(cli, tmp_path, template)
    assert "report.html.j2:3: SecurityError: " in result.err and "is unsafe" in result.err
    assert "<class" not in result.err and "<function" not in result.err


@pytest.mark.parametrize(
    ("link", "target", "include"),
    [
        ("notes.j2", "/etc/passwd", "notes.j2"),
        ("etc", "/etc", "etc/passwd"),
        ("shipped.j2", "../elsewhere/secret.txt", "shipped.j2"),
        ("loop.j2", "loop.j2", "loop.j2"),
        ("gone.j2", "nowhere.j2", "gone.j2"),
    ],
    ids=["file-link", "folder-link", "relative-link", "link-loop", "dangling-link"],
)
def test_a_link_out_of_the_template_folder_is_refused(
    cli: Cli, tmp_path: Path, link: str, target: str, include: str
) -> None:
    # A template folder from a repository under review must not put local files in a report.
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("root:x:0:0:secret\n", encoding="utf-8")
    folder = folder_with(tmp_path, {})
    (folder / link).symlink_to(target)
    body = EXTENDS + "{% block cover %}\n{% include '" + include + "' %}\n{% endblock %}\n"
    result = refused(cli, tmp_path, body)
    assert "report.html.j2:3: " in result.err and "not a file inside the template" in result.err
    assert "root:" not in result.err


def test_a_link_to_a_fifo_is_refused_without_waiting(cli: Cli, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {})
    os.mkfifo(folder / "pipe.j2")
    body = EXTENDS + "{% block cover %}{% include 'pipe.j2' %}{% endblock %}\n"
    result = refused(cli, tmp_path, body)
    assert "'pipe.j2' is not a file inside the template" in result.err


def test_a_link_inside_the_template_folder_is_followed(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"real.j2": "{{ meta.name }} inside\n"})
    (folder / "alias.j2").symlink_to("real.j2")
    (folder / "report.html.j2").write_text(
        EXTENDS + "{% block cover %}{% include 'alias.j2' %}{% endblock %}\n", encoding="utf-8"
    )
    page = render(FOURNIL, tmp_path / "out.html", "--template-dir", folder)
    assert "opérationnel 2027 inside" in page


@pytest.mark.parametrize(
    ("files", "where"),
    [
        (
            {
                "report.html.j2": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n{{ m(0) }}\n",
            },
            "report.html.j2:1",
        ),
        ({"report.html.j2": "x\n{% include 'report.html.j2' %}\n"}, "report.html.j2:2"),
        (
            {
                "report.html.j2": '{% extends "a.j2" %}\n',
                "a.j2": '{% extends "b.j2" %}\n',
                "b.j2": '{% extends "a.j2" %}\n',
            },
            "",
        ),
        ({"report.html.j2": '{% extends "report.html.j2" %}\n'}, ""),
        ({"report.html.j2": "{% if true %}" * 3000 + "{% endif %}" * 3000}, "report.html.j2"),
        ({"report.html.j2": "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"}, "report.html.j2"),
        ({"report.html.j2": "{{ " + "[" * 3000 + "]" * 3000 + " }}"}, "report.html.j2"),
        ({"report.html.j2": "{% for a in [1] %}" * 40 + "x" + "{% endfor %}" * 40}, ""),
    ],
    ids=[
        "recursive-macro",
        "self-include",
        "extends-loop",
        "extends-itself",
        "deep-ifs",
        "deep-parentheses",
        "deep-lists",
        "nested-loops",
    ],
)
def test_a_template_that_nests_without_end_is_an_error(
    cli: Cli, tmp_path: Path, files: dict[str, str], where: str
) -> None:
    folder = folder_with(tmp_path, files)
    out = tmp_path / "out.html"
    result = cli("report", FOURNIL, "-o", out, "--as-of", AS_OF, "--template-dir", folder)
    assert result.code == 2, result.err
    assert result.out == "" and result.err.startswith("error: ") and result.err.count("\n") == 1
    assert where in result.err and ".j2" in result.err
    assert not out.exists() and not list(tmp_path.glob(".out.html*"))


def test_a_missing_template_folder_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = cli("report", FOURNIL, "-o", out, "--template-dir", tmp_path / "nowhere")
    assert result.code == 2 and "nowhere" in result.err and not out.exists()


# --- Arithmetic ---------------------------------------------------------------------------------

ARITHMETIC = {"+", "-", "*", "/", "//", "%", "**"}


def arithmetic_in_expressions(source: str, name: str) -> list[str]:
    """`line: operator` for each arithmetic operator inside a `{{ }}` of a template, read by
    Jinja's own lexer (so `-` in `{%-`, in strings or in a filter's name does not count)."""
    found, inside = [], False
    for line, kind, value in environment().lex(source, name):
        inside = (inside or kind == "variable_begin") and kind != "variable_end"
        if inside and kind == "operator" and value in ARITHMETIC:
            found.append(f"{name}:{line}: {value}")
    return found


def test_the_shipped_templates_do_no_arithmetic() -> None:
    shipped = sorted((templates_dir() / "report").glob("*.j2"))
    assert len(shipped) == 4
    found = [
        hit
        for path in shipped
        for hit in arithmetic_in_expressions(path.read_text("utf-8"), path.name)
    ]
    assert not found, "figures belong in the view (opmkt.report.build.build_view)"
    # The check does see arithmetic where there is some.
    sample = '{%- if a -%}{{ "a-b" }}{{ x | md_indent }}\n{{ total - spent }}{% endif %}'
    assert arithmetic_in_expressions(sample, "t.j2") == ["t.j2:2: -"]


def test_a_custom_template_may_still_compute(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {"report.html.j2": EXTENDS + "{% block cover %}<p>{{ 6 * 7 }}</p>{% endblock %}\n"},
    )
    assert "<p>42</p>" in render(FOURNIL, tmp_path / "r.html", "--template-dir", folder)
