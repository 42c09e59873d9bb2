"""The filters that several commands share, defined once: ``--actor``, ``--theme`` and ``--voice``, each
checked against the model and completed from it, and the help that says how a date may be written."""

from typing import Annotated

import typer

from . import checks, complete

ActorOpt = Annotated[
    str | None,
    typer.Option(
        "--actor",
        "-a",
        metavar="NAME",
        help="Only those naming this actor (id, name or alias).",
        autocompletion=complete.actors,
        callback=checks.actor,
        show_default=False,
    ),
]
ThemeOpt = Annotated[
    str | None,
    typer.Option(
        "--theme",
        "-t",
        metavar="THEME",
        help="Only those of this theme (id or name).",
        autocompletion=complete.themes,
        callback=checks.theme,
        show_default=False,
    ),
]
VoiceOpt = Annotated[
    str | None,
    typer.Option(
        "--voice",
        metavar="NAME",
        help="Only records stating this actor's view: the speaker's, the author's or the outlet's.",
        autocompletion=complete.actors,
        callback=checks.actor,
        show_default=False,
    ),
]
DateHelp = f"({checks.DATES})"
