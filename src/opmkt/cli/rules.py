"""`opmkt rules`: list the validation rules, or print one rule's documentation."""

import sys
from typing import Annotated

import typer


def rules(
    rule_id: Annotated[
        str | None, typer.Argument(help="Print this rule's documentation.", metavar="RULE")
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the documentation of every rule as Markdown.")
    ] = False,
) -> None:
    """List every rule with its id, default severity and summary."""
    from opmkt.lint.ruledocs import help_text
    from opmkt.lint.ruledocs import markdown as all_markdown
    from opmkt.lint.rules import RULES

    if markdown:
        sys.stdout.write(all_markdown())
        return
    if rule_id is None:
        width = max(len(r) for r in RULES)
        for rule in RULES.values():
            sys.stdout.write(
                f"{rule.ID:<{width}}  {rule.DEFAULT_SEVERITY.value:<7}  {rule.SUMMARY}\n"
            )
        return
    chosen = RULES.get(rule_id)
    if chosen is None:
        import difflib

        close = difflib.get_close_matches(rule_id, list(RULES), n=1)
        from opmkt.i18n import _

        said = (
            _("no rule {rule}: did you mean {close}?")
            if close
            else _("no rule {rule}: `opmkt rules` lists them")
        )
        raise typer.BadParameter(
            said.format(rule=repr(rule_id), close=close[0] if close else ""), param_hint="RULE"
        )
    sys.stdout.write(
        f"{chosen.ID} (default severity: {chosen.DEFAULT_SEVERITY.value})\n\n{help_text(chosen)}\n"
    )


def register(app: typer.Typer) -> None:
    app.command()(rules)
