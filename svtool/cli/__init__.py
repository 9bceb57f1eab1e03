"""The svtool command: no arguments opens the desktop app; subcommands do the same work from a terminal."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from svtool import __version__
from svtool.cli import delivery, evaluations, frameworks, lifecycle, members, panel, scoring
from svtool.errorlog import unexpected_message
from svtool.frameworks.problems import FrameworkInvalid
from svtool.logs import configure_logging
from svtool.services.errors import UserError
from svtool.services.shared import is_database_url
from svtool.store.errors import DocumentError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svtool",
        usage="svtool [FILE.svt | FILE.svpack | DATABASE-URL]\n       svtool [-h] [--version] COMMAND ...",
        description="Score tenders on price, quality and social value.",
        epilog="Open the app:\n"
        "  svtool                      the app, with the demonstration evaluation open\n"
        "  svtool FILE.svt             the app, with that evaluation open\n"
        "  svtool FILE.svpack          the app, with an evaluator's offline pack open\n"
        "  svtool postgresql+psycopg://USER@HOST/DB\n"
        "                              the app, with a shared evaluation in PostgreSQL open\n"
        "Each command's own options: svtool COMMAND --help.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"svtool {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    frameworks.add_commands(commands)
    evaluations.add_commands(commands)
    scoring.add_commands(commands)
    panel.add_commands(commands)
    members.add_commands(commands)
    lifecycle.add_commands(commands)
    delivery.add_commands(commands)
    check = commands.add_parser(
        "self-check", help="open the demonstration in the app, off screen, and rank it: proves an installation works"
    )
    check.set_defaults(handler=_self_check)
    return parser


def _self_check(_args: argparse.Namespace) -> int:
    from svtool.ui.self_check import self_check

    return self_check()


def _opens_in_app(args: list[str]) -> bool:
    """No arguments, or only an evaluation: a .svt file, an evaluator's .svpack, or a shared evaluation's
    database URL."""
    return not args or (len(args) == 1 and (args[0].lower().endswith((".svt", ".svpack")) or is_database_url(args[0])))


_log = logging.getLogger("svtool.cli")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
    # The command's name only: its arguments may hold a database password or a person's name.
    _log.info(
        "svtool %s",
        next((a for a in args_list if not a.startswith("-")), "(app)") if not _opens_in_app(args_list) else "(app)",
    )
    if _opens_in_app(args_list):
        from svtool.ui.app import run_app

        return run_app(args_list[0] if args_list else None)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except FrameworkInvalid as error:
        print(str(error), file=sys.stderr)
        return 1
    except (UserError, DocumentError) as error:
        print(str(error), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Whoever read our output (say `| head`) stopped reading: not an error. Quieten the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: a person never sees a traceback
        print(unexpected_message(error), file=sys.stderr)
        return 70
